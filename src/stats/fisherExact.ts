import { logFactorial } from "./logGamma.js";

/**
 * R's tolerance for "as or less probable than the observed table": without it, tables whose
 * probabilities are mathematically equal to the observed one (mirror images) could be dropped by
 * rounding and the p-value would depend on floating-point noise.
 */
const RELATIVE_ERROR = 1 + 1e-7;

/**
 * Two-sided Fisher's exact test for the 2×2 table [[a, b], [c, d]], with R's convention
 * (fisher.test): p is the total probability, under the hypergeometric distribution of tables with
 * the observed margins, of every table no more probable than the observed one (× 1 + 1e-7).
 * Probabilities are computed in log space relative to the most probable table, so tables with
 * thousands of cases neither overflow nor underflow and the whole support (a few thousand tables at
 * most) is summed exactly.
 */
export function fisherExact2x2(a: number, b: number, c: number, d: number): number {
  // Condition on the first row total k and first column total m; x = a ranges over the support.
  const m = a + c;
  const n = b + d;
  const k = a + b;
  const low = Math.max(0, k - n);
  const high = Math.min(k, m);
  // ln P(x) up to a constant: ln C(m, x) + ln C(n, k − x).
  const logWeight = (x: number): number =>
    -(logFactorial(x) + logFactorial(m - x) + logFactorial(k - x) + logFactorial(n - k + x));
  const logWeights: number[] = [];
  for (let x = low; x <= high; x++) logWeights.push(logWeight(x));
  const largest = logWeights.reduce((max, w) => Math.max(max, w), -Infinity);
  const weights = logWeights.map((w) => Math.exp(w - largest));
  const observed = (weights[a - low] ?? 0) * RELATIVE_ERROR;
  let total = 0;
  let asExtreme = 0;
  for (const weight of weights) {
    total += weight;
    if (weight <= observed) asExtreme += weight;
  }
  return Math.min(1, Math.max(0, asExtreme / total));
}
