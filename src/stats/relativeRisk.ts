import { Z_975 } from "./normalDistribution.js";

export interface RelativeRiskResult {
  rr: number;
  rrLower: number;
  rrUpper: number;
  /** True when a zero cell forced 0.5 to be added to all four cells. */
  rrCorrected: boolean;
}

/**
 * Relative risk (eventsT/nT) ÷ (eventsC/nC) with the Katz log interval:
 * exp(ln RR ± z·√(1/a − 1/n₁ + 1/c − 1/n₂)).
 * A zero cell (no events, or all events, in an arm) makes ln RR or its standard error infinite, so
 * then 0.5 is added to all four cells (each n grows by 1) for estimate and interval alike — the usual
 * Haldane–Anscombe rule. After the correction every cell is ≥ 0.5, so the result is always finite,
 * even when both arms have no events (RR is then close to 1 with a very wide interval).
 */
export function katzRelativeRisk(eventsT: number, nT: number, eventsC: number, nC: number): RelativeRiskResult {
  const rrCorrected = eventsT === 0 || eventsT === nT || eventsC === 0 || eventsC === nC;
  const shift = rrCorrected ? 0.5 : 0;
  const a = eventsT + shift;
  const n1 = nT + 2 * shift;
  const c = eventsC + shift;
  const n2 = nC + 2 * shift;
  const logRr = Math.log(a / n1) - Math.log(c / n2);
  const standardError = Math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2);
  return {
    rr: Math.exp(logRr),
    rrLower: Math.exp(logRr - Z_975 * standardError),
    rrUpper: Math.exp(logRr + Z_975 * standardError),
    rrCorrected,
  };
}
