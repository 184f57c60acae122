import { breslowDay, type BreslowDayResult } from "./breslowDay.js";
import {
  cochranMantelHaenszel,
  informative,
  mantelHaenszelOddsRatio,
  mantelHaenszelRiskRatio,
  validateTrials,
  type CochranMantelHaenszelResult,
  type PooledRatio,
  type TrialCounts,
} from "./mantelHaenszel.js";
import { katzRelativeRisk } from "./relativeRisk.js";

export interface LabelledTrial extends TrialCounts {
  /** The BCU's name; "Trial 1", "Trial 2", … when not given. */
  label?: string;
}

/** One trial's own result beside the pooled one. */
export interface TrialSummary {
  label: string;
  eventsT: number;
  nT: number;
  eventsC: number;
  nC: number;
  /** Katz relative risk as `reassure analyse 2x2` gives it; null when an arm has no cases. */
  rr: number | null;
  rrLower: number | null;
  rrUpper: number | null;
  /** 0.5 was added to each cell for this trial's own RR (a zero cell); the pooled figures need no such correction. */
  rrCorrected: boolean;
  /** Cases in both arms: the trial takes part in the pooled figures. */
  pooled: boolean;
  /** What the trial does to the pooled figures when that is not obvious (one arm only, no attrition…). */
  note: string | null;
}

export interface HomogeneityReading {
  test: "Breslow-Day" | "Breslow-Day with Tarone's correction";
  p: number | null;
  /** p < 0.05; null when the trials cannot be compared. */
  disagree: boolean | null;
  /** A sentence for the inspector, e.g. "No sign that the trials disagree (Breslow-Day p = 0.62)." */
  reading: string;
}

export interface PooledTrialsResult {
  trials: TrialSummary[];
  /** Trials with cases in both arms (the strata of every pooled figure). */
  trialsPooled: number;
  /** Mantel-Haenszel risk ratio, Greenland-Robins interval: the headline. */
  riskRatio: PooledRatio;
  /** Mantel-Haenszel common odds ratio, Robins-Breslow-Greenland interval (R's mantelhaen.test). */
  oddsRatio: PooledRatio;
  /** CMH test with R's default continuity correction: the one the product reads. */
  cmhCorrected: CochranMantelHaenszelResult;
  cmhUncorrected: CochranMantelHaenszelResult;
  breslowDay: BreslowDayResult;
  breslowDayTarone: BreslowDayResult;
  homogeneity: HomogeneityReading;
}

/** The level at which the product says trials disagree, the same 5% it uses everywhere else. */
export const HOMOGENEITY_ALPHA = 0.05;

function formatP(p: number): string {
  if (p < 0.001) return "p < 0.001";
  return `p = ${p < 0.1 ? p.toFixed(3) : p.toFixed(2)}`;
}

/**
 * The plain-words reading of a homogeneity test. The headline is a risk ratio, so when the trials
 * disagree the inspector is told to read each BCU; Breslow-Day tests odds ratios, and with few or
 * small trials it misses real differences, which the "no sign" wording does not deny.
 */
export function homogeneityReading(result: BreslowDayResult): HomogeneityReading {
  const test = result.tarone ? "Breslow-Day with Tarone's correction" : "Breslow-Day";
  const name = result.tarone ? "Breslow-Day, Tarone" : "Breslow-Day";
  if (result.p === null) {
    return { test, p: null, disagree: null, reading: `Whether the trials disagree cannot be checked: ${result.undefinedReason ?? "no test"}.` };
  }
  const disagree = result.p < HOMOGENEITY_ALPHA;
  const reading = disagree
    ? `The trials disagree (${name} ${formatP(result.p)}): the pooled risk ratio hides real differences between BCUs; read each BCU's result.`
    : `No sign that the trials disagree (${name} ${formatP(result.p)}).`;
  return { test, p: result.p, disagree, reading };
}

function trialNote(t: TrialCounts): string | null {
  if (t.nT === 0 && t.nC === 0) return "no cases yet: left out";
  if (t.nT === 0) return "no SRC cases: one arm only, left out of the pooled figures";
  if (t.nC === 0) return "no BAU cases: one arm only, left out of the pooled figures";
  if (t.eventsT === 0 && t.eventsC === 0) return "no attrition in either arm: adds nothing to the pooled figures";
  if (t.eventsT === t.nT && t.eventsC === t.nC) {
    return "attrition in every case: counts in the pooled risk ratio, adds nothing to the odds ratio or the tests";
  }
  const ownRrNote = "its own RR adds 0.5 to each cell; the pooled figures need no correction";
  if (t.eventsT === 0) return `no attrition with SRC: ${ownRrNote}`;
  if (t.eventsC === 0) return `no attrition with BAU: ${ownRrNote}`;
  if (t.eventsT === t.nT) return `attrition in every SRC case: ${ownRrNote}`;
  if (t.eventsC === t.nC) return `attrition in every BAU case: ${ownRrNote}`;
  return null;
}

function summarise(t: LabelledTrial, index: number): TrialSummary {
  const label = t.label ?? `Trial ${index + 1}`;
  const counts = { eventsT: t.eventsT, nT: t.nT, eventsC: t.eventsC, nC: t.nC };
  if (!informative(t)) {
    return { label, ...counts, rr: null, rrLower: null, rrUpper: null, rrCorrected: false, pooled: false, note: trialNote(t) };
  }
  const own = katzRelativeRisk(t.eventsT, t.nT, t.eventsC, t.nC);
  return { label, ...counts, ...own, pooled: true, note: trialNote(t) };
}

/**
 * Trials (strata, e.g. one per BCU) pooled SRC v BAU: each trial's own Katz RR; the Mantel-Haenszel
 * risk ratio with its Greenland-Robins interval (the headline); the MH common odds ratio; the
 * Cochran-Mantel-Haenszel test with and without continuity correction; the Breslow-Day test of a
 * common odds ratio, plain and with Tarone's correction, read in words (`tarone` picks which one
 * the reading uses). Trials with only one arm are listed and left out. Throws StatsInputError for
 * counts that are not tables.
 */
export function analysePooledTrials(trials: readonly LabelledTrial[], options: { tarone?: boolean } = {}): PooledTrialsResult {
  validateTrials(trials);
  const breslowDayPlain = breslowDay(trials);
  const breslowDayTarone = breslowDay(trials, { tarone: true });
  return {
    trials: trials.map(summarise),
    trialsPooled: trials.filter(informative).length,
    riskRatio: mantelHaenszelRiskRatio(trials),
    oddsRatio: mantelHaenszelOddsRatio(trials),
    cmhCorrected: cochranMantelHaenszel(trials, { correct: true }),
    cmhUncorrected: cochranMantelHaenszel(trials, { correct: false }),
    breslowDay: breslowDayPlain,
    breslowDayTarone,
    homogeneity: homogeneityReading(options.tarone === true ? breslowDayTarone : breslowDayPlain),
  };
}
