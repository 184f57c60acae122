import { chiSquare1Sf } from "./chiSquare.js";
import { StatsInputError } from "./errors.js";
import { Z_975 } from "./normalDistribution.js";
import { validateAtMost, validateCount } from "./validation.js";

/**
 * One trial (one stratum, e.g. one BCU) as counts of attrition by arm. Unlike a single 2×2 analysis,
 * an arm may have no cases here: a BCU whose trial has only begun still appears in the list, and is
 * simply left out of every pooled figure (see `informative`).
 */
export interface TrialCounts {
  /** Cases with the outcome (attrition) in the SRC arm. */
  eventsT: number;
  /** Cases randomised to SRC. */
  nT: number;
  /** Cases with the outcome in the BAU arm. */
  eventsC: number;
  /** Cases randomised to BAU. */
  nC: number;
}

/**
 * A pooled ratio with its 95% interval. `estimate` is null when the ratio is unbounded or 0/0,
 * `lower`/`upper` are null when the interval cannot be computed (then `undefinedReason` says why in
 * words an inspector can read); a user never sees NaN or Infinity.
 */
export interface PooledRatio {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  /** Standard error of ln(estimate). */
  logSe: number | null;
  undefinedReason: string | null;
}

export interface CochranMantelHaenszelResult {
  /** Mantel-Haenszel X² (1 df); null when undefined (see undefinedReason). */
  statistic: number | null;
  p: number | null;
  /** Whether 0.5 was taken off |Σ(a − E a)|. As in R, only when asked for and |Σ(a − E a)| ≥ 0.5. */
  continuityCorrected: boolean;
  /** Σ (observed − expected) SRC events, the sign giving the direction (negative: fewer with SRC). */
  observedMinusExpected: number;
  /** Σ of the hypergeometric variances. */
  variance: number;
  undefinedReason: string | null;
}

/** The four cells and margins of one trial, SRC in the first row and attrition in the first column. */
export interface StratumCells {
  a: number;
  b: number;
  c: number;
  d: number;
  /** SRC cases, BAU cases, events, non-events, all cases. */
  n1: number;
  n0: number;
  m1: number;
  m0: number;
  total: number;
}

export function stratumCells(t: TrialCounts): StratumCells {
  const a = t.eventsT;
  const b = t.nT - t.eventsT;
  const c = t.eventsC;
  const d = t.nC - t.eventsC;
  return { a, b, c, d, n1: t.nT, n0: t.nC, m1: a + c, m0: b + d, total: t.nT + t.nC };
}

/**
 * A trial says something about SRC versus BAU only if both arms have cases. Every Mantel-Haenszel
 * weight has the factor n₁·n₀, so a one-arm trial carries zero weight in R too (mantelhaen.test,
 * metafor::rma.mh); leaving it out also avoids R's refusal of strata with fewer than 2 cases, which
 * are always one-arm strata.
 */
export function informative(t: TrialCounts): boolean {
  return t.nT > 0 && t.nC > 0;
}

/**
 * Checks the trials' counts: at least one trial; whole numbers ≥ 0; events within cases. Argument
 * names are the `reassure analyse pooled` options; the message says which trial (1-based).
 */
export function validateTrials(trials: readonly TrialCounts[]): void {
  if (trials.length === 0) throw new StatsInputError("trials", "at least one trial is needed");
  trials.forEach((t, i) => {
    const which = `trial ${i + 1}`;
    const check = (f: () => void): void => {
      try {
        f();
      } catch (error) {
        if (error instanceof StatsInputError) throw new StatsInputError(error.argument, `${which}: ${error.message.slice(error.argument.length + 2)}`);
        throw error;
      }
    };
    check(() => validateCount(t.nT, "src-cases"));
    check(() => validateCount(t.nC, "bau-cases"));
    check(() => validateCount(t.eventsT, "src-events"));
    check(() => validateCount(t.eventsC, "bau-events"));
    check(() => validateAtMost(t.eventsT, t.nT, "src-events", "src-cases"));
    check(() => validateAtMost(t.eventsC, t.nC, "bau-events", "bau-cases"));
  });
}

function cellsOfInformative(trials: readonly TrialCounts[]): StratumCells[] {
  validateTrials(trials);
  return trials.filter(informative).map(stratumCells);
}

const NO_TWO_ARM_TRIAL = "no trial has cases in both arms";

const noInterval = (estimate: 0 | null, undefinedReason: string): PooledRatio => ({ estimate, lower: null, upper: null, logSe: null, undefinedReason });

/** Each trial's terms: `r` and `s` its shares of the ratio's numerator and denominator, the rest for the variance. */
type Terms<T extends string> = Record<"r" | "s" | T, number>;

/** Both Mantel-Haenszel ratios: Σ r ÷ Σ s over the two-arm trials, with exp(ln ratio ± z·√Var) from the summed terms. */
function pooledRatio<T extends string>(
  trials: readonly TrialCounts[],
  terms: (k: StratumCells) => Terms<T>,
  logVariance: (sums: Terms<T>) => number,
  words: { none: string; noNumerator: string; noDenominator: string },
): PooledRatio {
  const cells = cellsOfInformative(trials);
  if (cells.length === 0) return noInterval(null, NO_TWO_ARM_TRIAL);
  const totals: Record<string, number> = {};
  for (const k of cells) {
    for (const [name, value] of Object.entries(terms(k))) totals[name] = (totals[name] ?? 0) + value;
  }
  const sums = totals as Terms<T>;
  const { r: numerator, s: denominator } = sums;
  if (numerator === 0 && denominator === 0) return noInterval(null, words.none);
  if (denominator === 0) return noInterval(null, words.noDenominator);
  if (numerator === 0) return noInterval(0, words.noNumerator);
  const estimate = numerator / denominator;
  const logSe = Math.sqrt(logVariance(sums));
  const log = Math.log(estimate);
  return {
    estimate,
    lower: Math.exp(log - Z_975 * logSe),
    upper: Math.exp(log + Z_975 * logSe),
    logSe,
    undefinedReason: null,
  };
}

/**
 * Mantel-Haenszel risk ratio (SRC v BAU) over trials, RR = Σ aₖn₀ₖ/Nₖ ÷ Σ cₖn₁ₖ/Nₖ, with the
 * Greenland-Robins (1985) variance of ln RR:
 *   Var = Σ (n₁ₖn₀ₖmₖ − aₖcₖNₖ)/Nₖ² ÷ (Σ aₖn₀ₖ/Nₖ · Σ cₖn₁ₖ/Nₖ),  mₖ = aₖ + cₖ,
 * and the interval exp(ln RR ± z·√Var), as metafor::rma.mh(measure = "RR") reports it. No cell
 * correction is needed: a trial with no events in one arm still adds to one of the sums, a trial
 * with no events in either arm adds nothing. With no SRC events anywhere the estimate is 0 without
 * an interval; with no BAU events anywhere it is unbounded (null); metafor gives NA for both.
 */
export function mantelHaenszelRiskRatio(trials: readonly TrialCounts[]): PooledRatio {
  return pooledRatio(
    trials,
    (k) => ({ r: (k.a * k.n0) / k.total, s: (k.c * k.n1) / k.total, p: (k.n1 * k.n0 * k.m1 - k.a * k.c * k.total) / (k.total * k.total) }),
    ({ r, s, p }) => p / (r * s),
    {
      none: "no attrition in either arm of any trial with both arms: there is nothing to compare",
      noNumerator: "no attrition in the SRC arm of any trial: the pooled risk ratio is 0 and has no interval",
      noDenominator: "no attrition in the BAU arm of any trial: the pooled risk ratio is unbounded",
    },
  );
}

/**
 * Mantel-Haenszel common odds ratio Σ aₖdₖ/Nₖ ÷ Σ bₖcₖ/Nₖ with the Robins-Breslow-Greenland (1986)
 * standard error of its log, exactly as R's mantelhaen.test reports the estimate and conf.int.
 * A trial with no events, or only events, in both arms adds nothing.
 */
export function mantelHaenszelOddsRatio(trials: readonly TrialCounts[]): PooledRatio {
  return pooledRatio(
    trials,
    (k) => {
      const n2 = k.total * k.total;
      return {
        r: (k.a * k.d) / k.total,
        s: (k.b * k.c) / k.total,
        pr: ((k.a + k.d) * k.a * k.d) / n2,
        prqs: ((k.a + k.d) * k.b * k.c + (k.b + k.c) * k.a * k.d) / n2,
        qs: ((k.b + k.c) * k.b * k.c) / n2,
      };
    },
    ({ r, s, pr, prqs, qs }) => pr / (2 * r * r) + prqs / (2 * r * s) + qs / (2 * s * s),
    {
      none: "no trial has attrition in one arm and cases kept in the other: the common odds ratio is undefined",
      noNumerator: "no trial has attrition with SRC alongside kept cases with BAU: the common odds ratio is 0 and has no interval",
      noDenominator: "no trial has kept cases with SRC alongside attrition with BAU: the common odds ratio is unbounded",
    },
  );
}

/**
 * Cochran-Mantel-Haenszel test of no association in any trial (common odds ratio 1), as R's
 * mantelhaen.test(x, correct = …) on the 2×2×K array:
 *   X² = (|Σ(aₖ − n₁ₖmₖ/Nₖ)| − ½)² ÷ Σ n₁ₖn₀ₖmₖ(Nₖ − mₖ)/(Nₖ²(Nₖ − 1)),
 * with ½ taken off only when `correct` and |Σ(a − E a)| ≥ ½ (R's rule: the correction never flips
 * the sign). R's default is correct = TRUE. Trials with only one arm carry zero weight in R's sums;
 * here they are left out before summing, which also covers strata of 0 or 1 case that R refuses.
 * With no trial having both outcomes in both arms' margins the variance is 0: undefined (R: NaN).
 */
export function cochranMantelHaenszel(trials: readonly TrialCounts[], options: { correct?: boolean } = {}): CochranMantelHaenszelResult {
  const correct = options.correct ?? true;
  const cells = cellsOfInformative(trials);
  let delta = 0;
  let variance = 0;
  for (const k of cells) {
    delta += k.a - (k.n1 * k.m1) / k.total;
    variance += (k.n1 * k.n0 * k.m1 * k.m0) / (k.total * k.total * (k.total - 1));
  }
  const continuityCorrected = correct && Math.abs(delta) >= 0.5;
  if (!(variance > 0)) {
    return {
      statistic: null,
      p: null,
      continuityCorrected,
      observedMinusExpected: delta,
      variance,
      undefinedReason:
        cells.length === 0
          ? NO_TWO_ARM_TRIAL
          : "no trial with both arms has both attrition and kept cases: there is no variation to test",
    };
  }
  const statistic = (Math.abs(delta) - (continuityCorrected ? 0.5 : 0)) ** 2 / variance;
  return { statistic, p: chiSquare1Sf(statistic), continuityCorrected, observedMinusExpected: delta, variance, undefinedReason: null };
}
