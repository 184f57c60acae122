import { StatsInputError } from "../errors.js";
import { validateArm } from "../validation.js";
import { designBoundaries, recursionFor, type DesignInput, type LookBoundary, type SequentialDesign } from "./design.js";

/** Cumulative counts at one look: attrition events and randomised cases with a known outcome, per arm. */
export interface ArmCounts {
  srcEvents: number;
  srcCases: number;
  bauEvents: number;
  bauCases: number;
}

export interface ObservedDifference {
  srcRisk: number;
  bauRisk: number;
  /** SRC − BAU: negative when attrition is lower with SRC. */
  riskDifference: number;
  /** √(p̄(1 − p̄)(1/n_SRC + 1/n_BAU)), p̄ the pooled risk: the test's standard error under no difference. */
  pooledSe: number;
  /** √(p_SRC(1 − p_SRC)/n_SRC + p_BAU(1 − p_BAU)/n_BAU): the interval's standard error. */
  unpooledSe: number;
  /** riskDifference ÷ pooledSe; 0 when both arms have no events (or all events): no difference to test. */
  z: number;
}

/** The two-proportion z statistic with pooled variance, SRC − BAU, and the standard errors. */
export function observedDifference(counts: ArmCounts): ObservedDifference {
  validateArm(counts.srcEvents, counts.srcCases, "src-events", "src-cases");
  validateArm(counts.bauEvents, counts.bauCases, "bau-events", "bau-cases");
  const srcRisk = counts.srcEvents / counts.srcCases;
  const bauRisk = counts.bauEvents / counts.bauCases;
  const pooled = (counts.srcEvents + counts.bauEvents) / (counts.srcCases + counts.bauCases);
  const pooledSe = Math.sqrt(pooled * (1 - pooled) * (1 / counts.srcCases + 1 / counts.bauCases));
  const unpooledSe = Math.sqrt((srcRisk * (1 - srcRisk)) / counts.srcCases + (bauRisk * (1 - bauRisk)) / counts.bauCases);
  const riskDifference = srcRisk - bauRisk;
  // p̄ is 0 or 1 only when both risks are (and equal): the difference is exactly 0.
  const z = pooledSe === 0 ? 0 : riskDifference / pooledSe;
  return { srcRisk, bauRisk, riskDifference, pooledSe, unpooledSe, z };
}

export interface LookResult extends LookBoundary, ObservedDifference {
  /** |z| ≥ critical. */
  crossed: boolean;
  /** Which arm has the lower attrition when the boundary is crossed. */
  favours: "SRC" | "BAU" | null;
  /**
   * Repeated confidence interval for the risk difference (Jennison & Turnbull ch. 9): difference ± critical ×
   * unpooled standard error. Their coverage holds jointly over all looks, whenever the trial stops.
   */
  repeatedCi: { lower: number; upper: number };
  /**
   * Two-sided p-value under the stage-wise ordering: twice the chance, with no true difference, of crossing
   * the same side earlier or at this look with |z| at least as large. Given at a crossing and at the final
   * look; null otherwise (an interim p-value that did not cross means nothing on its own). At look 1 it is the
   * fixed-sample two-sided p.
   */
  adjustedP: number | null;
  /** Plain-English caveat, e.g. no events in either arm. */
  note: string | null;
}

/**
 * Two-sided stage-wise adjusted p-value for |z| observed at `look` (1-based): the two-sided alpha spent
 * before this look plus twice the chance of continuing to it and ending at least |z| out on one side.
 */
export function stageWiseAdjustedP(design: SequentialDesign, look: number, z: number): number {
  lookAt(design, look);
  const spentBefore = look > 1 ? (design.looks[look - 2]?.cumulativeAlphaSpent ?? 0) : 0;
  const tail = Math.exp(recursionFor(design).logExit(look - 1, Math.abs(z)));
  return Math.min(1, spentBefore + 2 * tail);
}

function lookAt(design: SequentialDesign, look: number): LookBoundary {
  const boundary = Number.isInteger(look) ? design.looks[look - 1] : undefined;
  if (boundary === undefined) throw new StatsInputError("look", `must be a look of the design, 1 to ${design.looks.length}, got ${look}`);
  return boundary;
}

/**
 * One look's analysis: z, whether the boundary is crossed, the repeated confidence interval and, at a
 * crossing or the final look, the adjusted p-value.
 */
export function lookResult(design: SequentialDesign, look: number, counts: ArmCounts): LookResult {
  const boundary = lookAt(design, look);
  const observed = observedDifference(counts);
  const crossed = Math.abs(observed.z) >= boundary.critical;
  const halfWidth = boundary.critical * observed.unpooledSe;
  const noEvents = counts.srcEvents + counts.bauEvents === 0;
  const allEvents = counts.srcEvents === counts.srcCases && counts.bauEvents === counts.bauCases;
  let note: string | null = null;
  if (noEvents || allEvents) {
    const what = noEvents ? "no attrition in either arm yet" : "attrition in every case of both arms";
    note = `${what}: nothing to compare, z is 0 and the interval has no width`;
  } else if (counts.srcEvents === 0 || counts.bauEvents === 0 || counts.srcEvents === counts.srcCases || counts.bauEvents === counts.bauCases) {
    note = "an arm with no attrition (or all attrition): its standard error is 0, so the interval is narrower than it should be";
  }
  return {
    ...boundary,
    ...observed,
    crossed,
    favours: crossed ? (observed.z < 0 ? "SRC" : "BAU") : null,
    repeatedCi: { lower: observed.riskDifference - halfWidth, upper: observed.riskDifference + halfWidth },
    adjustedP: crossed || boundary.final ? stageWiseAdjustedP(design, look, observed.z) : null,
    note,
  };
}

export interface MonitoringInput extends DesignInput {
  /** Cumulative counts at each look, one per fraction. */
  counts: readonly ArmCounts[];
}

export interface MonitoringResult {
  design: SequentialDesign;
  looks: LookResult[];
  /** The first look whose boundary was crossed (1-based), or null. Later looks' adjusted p-values are null. */
  stoppedAt: number | null;
}

/** Every look of a trial so far, in order; the first crossing is where the trial stops. */
export function monitorTrial(input: MonitoringInput): MonitoringResult {
  if (input.counts.length !== input.fractions.length) {
    throw new StatsInputError("counts", `need one set of counts per look: ${input.fractions.length} fractions, ${input.counts.length} sets of counts`);
  }
  input.counts.forEach((counts, i) => {
    observedDifference(counts);
    const before = input.counts[i - 1];
    if (before === undefined) return;
    for (const arm of ["srcCases", "bauCases"] as const) {
      if (counts[arm] < before[arm]) {
        const name = arm === "srcCases" ? "src-cases" : "bau-cases";
        throw new StatsInputError(name, `are cumulative, so cannot fall from look to look: look ${i + 1} has ${counts[arm]}, look ${i} had ${before[arm]}`);
      }
    }
  });
  const design = designBoundaries(input);
  let stoppedAt: number | null = null;
  const looks = input.counts.map((counts, i) => {
    const result = lookResult(design, i + 1, counts);
    if (stoppedAt !== null) {
      return { ...result, adjustedP: null, note: `the boundary was crossed at look ${stoppedAt}: the trial stops there${result.note === null ? "" : `; ${result.note}`}` };
    }
    if (result.crossed) stoppedAt = i + 1;
    return result;
  });
  return { design, looks, stoppedAt };
}
