import { wilsonInterval } from "./wilsonInterval.js";

export interface RiskDifferenceResult {
  rd: number;
  rdLower: number;
  rdUpper: number;
}

/**
 * Risk difference (treatment − control) with Newcombe's hybrid score interval (Newcombe 1998,
 * Statistics in Medicine 17:873–890, method 10). Each proportion's Wilson limits (l, u) measure how
 * far that proportion can plausibly move down or up; the difference moves down furthest when the
 * treatment risk falls and the control risk rises, so those two distances are combined in quadrature:
 *   lower = rd − √((p₁ − l₁)² + (u₂ − p₂)²),  upper = rd + √((u₁ − p₁)² + (p₂ − l₂)²).
 * It keeps good coverage with small counts and zero cells, where the Wald interval collapses.
 */
export function newcombeRiskDifference(eventsT: number, nT: number, eventsC: number, nC: number): RiskDifferenceResult {
  const p1 = eventsT / nT;
  const p2 = eventsC / nC;
  const w1 = wilsonInterval(eventsT, nT);
  const w2 = wilsonInterval(eventsC, nC);
  const rd = p1 - p2;
  return {
    rd,
    rdLower: rd - Math.hypot(p1 - w1.lower, w2.upper - p2),
    rdUpper: rd + Math.hypot(w1.upper - p1, p2 - w2.lower),
  };
}
