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
