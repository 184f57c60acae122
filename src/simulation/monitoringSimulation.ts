import seedrandom from "seedrandom";
import {
  designBoundaries,
  normalQuantile,
  observedDifference,
  type SequentialDesign,
  type SpendingFunction,
} from "../stats/index.js";

/**
 * Simulated trials run through the monitoring code: cumulative counts at equally spaced looks, the pooled z of
 * src/stats at every look, and three ways of reading them —
 *   naive:     declare an effect at the first look with two-sided p < α (|z| ≥ 1.96), the weekly p-value misused;
 *   monitored: declare an effect at the first look whose |z| reaches the plan's boundary (designBoundaries);
 *   final only: one analysis when all the cases are in, at |z| ≥ 1.96 (the fixed design).
 * Arms are filled equally (permuted blocks keep them within a case or two); each case's attrition is a draw with
 * the arm's risk. The boundaries are computed once, before the first trial.
 */
export interface MonitoringSimulationInput {
  trials: number;
  looks: number;
  seed: string;
  /** Cases per arm when the last look is taken. */
  casesPerArm: number;
  /** Attrition without SRC (BAU). */
  controlAttrition: number;
  /** Relative reduction in attrition with SRC, intention to treat (0.22: 22% lower). */
  relativeReduction: number;
  alpha: number;
  spending: SpendingFunction;
  gamma?: number;
}

/** A pilot-sized trial: the assumptions documented in docs/STATISTICS.md. */
export const MONITORING_DEFAULTS = { casesPerArm: 400, controlAttrition: 0.42, relativeReduction: 0.22, alpha: 0.05 } as const;

export interface ScenarioFigures {
  /** True attrition in each arm. */
  srcAttrition: number;
  bauAttrition: number;
  /** Share of trials declaring an effect at any look with |z| ≥ Φ⁻¹(1 − α/2). */
  naive: number;
  /** Share declaring an effect with the plan's boundaries. */
  monitored: number;
  /** Share declaring an effect in one analysis at the end. */
  finalOnly: number;
  /** Monte Carlo standard error of a share near `monitored`: √(p(1 − p)/trials). */
  monitoredSe: number;
  naiveSe: number;
  /** Among trials the plan stopped, the mean look at which it stopped (null if none). */
  meanStopLook: number | null;
  /** Mean share of the planned cases used by the plan (a stopped trial uses its look's cases). */
  meanCasesUsed: number;
}

export interface MonitoringSimulationResult {
  input: MonitoringSimulationInput;
  design: SequentialDesign;
  /** Cases per arm at each look. */
  casesAtLook: number[];
  noEffect: ScenarioFigures;
  pilotEffect: ScenarioFigures;
}

export class MonitoringSimulationError extends Error {}

export function checkMonitoringInput(input: MonitoringSimulationInput): void {
  const problems: string[] = [];
  if (!Number.isInteger(input.trials) || input.trials < 1 || input.trials > 1_000_000) problems.push(`trials: a whole number from 1 to 1000000, got ${input.trials}`);
  if (!Number.isInteger(input.looks) || input.looks < 1 || input.looks > 52) problems.push(`looks: a whole number from 1 to 52, got ${input.looks}`);
  if (!Number.isInteger(input.casesPerArm) || input.casesPerArm < input.looks || input.casesPerArm > 100_000) {
    problems.push(`cases per arm: a whole number from the number of looks (${input.looks}) to 100000, so that every look has new cases, got ${input.casesPerArm}`);
  }
  if (!(input.controlAttrition > 0 && input.controlAttrition < 1)) problems.push(`control attrition: a probability strictly between 0 and 1, got ${input.controlAttrition}`);
  const treated = input.controlAttrition * (1 - input.relativeReduction);
  if (!(input.relativeReduction < 1) || !(treated > 0 && treated < 1)) {
    problems.push(`relative reduction: below 1, with attrition under SRC, control × (1 − reduction) = ${Number(treated.toFixed(4))}, strictly between 0 and 1`);
  }
  if (problems.length > 0) throw new MonitoringSimulationError(problems.join("; "));
}

export function simulateMonitoring(input: MonitoringSimulationInput): MonitoringSimulationResult {
  checkMonitoringInput(input);
  const fractions = Array.from({ length: input.looks }, (_, i) => (i + 1) / input.looks);
  const design = designBoundaries({ alpha: input.alpha, spending: input.spending, gamma: input.gamma, fractions });
  const casesAtLook = fractions.map((_, i) => Math.round(((i + 1) * input.casesPerArm) / input.looks));
  const src = input.controlAttrition * (1 - input.relativeReduction);
  return {
    input,
    design,
    casesAtLook,
    noEffect: scenario(input, design, casesAtLook, input.controlAttrition, input.controlAttrition, `${input.seed}:no effect`),
    pilotEffect: scenario(input, design, casesAtLook, src, input.controlAttrition, `${input.seed}:pilot effect`),
  };
}

function scenario(
  input: MonitoringSimulationInput,
  design: SequentialDesign,
  casesAtLook: readonly number[],
  srcRisk: number,
  bauRisk: number,
  seed: string,
): ScenarioFigures {
  const rng = seedrandom.alea(seed);
  const naiveCritical = -normalQuantile(input.alpha / 2);
  const criticals = design.looks.map((l) => l.critical);
  let naive = 0;
  let monitored = 0;
  let finalOnly = 0;
  let stopLookSum = 0;
  let casesUsed = 0;
  for (let trial = 0; trial < input.trials; trial++) {
    let srcEvents = 0;
    let bauEvents = 0;
    let cases = 0;
    let naiveDeclared = false;
    let stoppedAt = 0;
    for (let k = 0; k < casesAtLook.length; k++) {
      const target = casesAtLook[k] ?? 0;
      for (; cases < target; cases++) {
        if (rng() < srcRisk) srcEvents++;
        if (rng() < bauRisk) bauEvents++;
      }
      const { z } = observedDifference({ srcEvents, srcCases: cases, bauEvents, bauCases: cases });
      if (Math.abs(z) >= naiveCritical) naiveDeclared = true;
      if (stoppedAt === 0 && Math.abs(z) >= (criticals[k] ?? Infinity)) stoppedAt = k + 1;
      if (k === casesAtLook.length - 1 && Math.abs(z) >= naiveCritical) finalOnly++;
    }
    if (naiveDeclared) naive++;
    if (stoppedAt > 0) {
      monitored++;
      stopLookSum += stoppedAt;
    }
    casesUsed += (stoppedAt > 0 ? (casesAtLook[stoppedAt - 1] ?? 0) : input.casesPerArm) / input.casesPerArm;
  }
  const share = (count: number) => count / input.trials;
  const se = (p: number) => Math.sqrt((p * (1 - p)) / input.trials);
  return {
    srcAttrition: srcRisk,
    bauAttrition: bauRisk,
    naive: share(naive),
    monitored: share(monitored),
    finalOnly: share(finalOnly),
    monitoredSe: se(share(monitored)),
    naiveSe: se(share(naive)),
    meanStopLook: monitored > 0 ? stopLookSum / monitored : null,
    meanCasesUsed: casesUsed / input.trials,
  };
}
