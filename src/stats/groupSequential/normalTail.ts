import { normalCdf, normalQuantile } from "../normalDistribution.js";

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
/** Beyond this Φ̄(x) is near the double's underflow; the asymptotic series is then exact to ~1e-13 relative. */
const ASYMPTOTIC_FROM = 35;

/** log φ(x), the standard normal log density. */
export function logNormalDensity(x: number): number {
  return -0.5 * x * x - HALF_LOG_TWO_PI;
}

/**
 * log Φ̄(x) = log P(Z ≥ x), with full relative precision however far out: boundaries of an early
 * O'Brien-Fleming look (z = 50 at 0.2% of the information) have tail areas far below 1e-308.
 */
export function logUpperTail(x: number): number {
  if (x < ASYMPTOTIC_FROM) return Math.log(normalCdf(-x));
  const r = 1 / (x * x);
  // Mills ratio series: Φ̄(x) = φ(x)/x · (1 − 1/x² + 3/x⁴ − 15/x⁶ + 105/x⁸ − 945/x¹⁰ …).
  const series = 1 - r * (1 - 3 * r * (1 - 5 * r * (1 - 7 * r * (1 - 9 * r))));
  return logNormalDensity(x) - Math.log(x) + Math.log(series);
}

/** The x with log Φ̄(x) = logP (logP ≤ log 0.5), to ~1e-14: AS 241 where it reaches, then Newton on the log scale. */
export function upperQuantileFromLog(logP: number): number {
  let x = logP > -700 ? -normalQuantile(Math.exp(logP)) : Math.sqrt(-2 * logP);
  for (let i = 0; i < 50; i++) {
    const logTail = logUpperTail(x);
    // d/dx log Φ̄(x) = −φ(x)/Φ̄(x).
    const slope = -Math.exp(logNormalDensity(x) - logTail);
    const step = (logTail - logP) / slope;
    x -= step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(x))) break;
  }
  return x;
}
