import { Z_975 } from "./normalDistribution.js";

export interface Interval {
  lower: number;
  upper: number;
}

/**
 * Wilson score interval for a proportion events/n, without continuity correction — the interval
 * R's prop.test(events, n, correct = FALSE) reports. Unlike the Wald interval it stays inside [0, 1]
 * and has sensible width at 0/n and n/n, which is why Newcombe builds the risk-difference interval
 * from it. At 0/n and n/n the touching limit is exactly 0 or 1 (as R sets it) rather than a rounding
 * residue.
 */
export function wilsonInterval(events: number, n: number, z: number = Z_975): Interval {
  const p = events / n;
  const zSquaredOver2n = (z * z) / (2 * n);
  const halfWidth = z * Math.sqrt((p * (1 - p)) / n + zSquaredOver2n / (2 * n));
  const centre = p + zSquaredOver2n;
  const scale = 1 + 2 * zSquaredOver2n;
  return {
    lower: p <= 0 ? 0 : Math.max(0, (centre - halfWidth) / scale),
    upper: p >= 1 ? 1 : Math.min(1, (centre + halfWidth) / scale),
  };
}
