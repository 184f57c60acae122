import { logGamma } from "./logGamma.js";
import { normalCdf } from "./normalDistribution.js";

/**
 * Upper tail of the chi-square distribution with 1 degree of freedom. A χ²₁ variable is Z² for a
 * standard normal Z, so P(X > x) = P(|Z| > √x) = 2Φ(−√x); computing Φ(−√x) directly (not 1 − Φ)
 * keeps full relative precision for tiny p-values.
 */
export function chiSquare1Sf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  return 2 * normalCdf(-Math.sqrt(x));
}

/**
 * Upper tail of the chi-square distribution with a whole number of degrees of freedom (the
 * Breslow-Day test has one fewer than the trials it compares). For whole df the regularised upper
 * incomplete gamma function Q(df/2, x/2) has a finite closed form, so no series or continued
 * fraction has to be truncated:
 *   even df = 2s:     Q = e^(−y) · Σ_{j<s} y^j / j!,                       y = x/2;
 *   odd df = 2s + 1:  Q = P(χ²₁ > x) + e^(−y) · Σ_{j=1..s} y^(j−1/2) / Γ(j + 1/2).
 * Every term is positive (no cancellation) and each is computed in log space, so large statistics
 * neither overflow nor lose relative precision in the tail.
 */
export function chiSquareSf(x: number, df: number): number {
  if (!Number.isInteger(df) || df < 1) return Number.NaN;
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  if (df === 1) return chiSquare1Sf(x);
  const y = x / 2;
  const logY = Math.log(y);
  let sum = 0;
  if (df % 2 === 0) {
    for (let j = 0; j < df / 2; j++) sum += Math.exp(-y + j * logY - logGamma(j + 1));
    return Math.min(1, sum);
  }
  for (let j = 1; j <= (df - 1) / 2; j++) sum += Math.exp(-y + (j - 0.5) * logY - logGamma(j + 0.5));
  return Math.min(1, chiSquare1Sf(x) + sum);
}
