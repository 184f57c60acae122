import { chiSquareSf } from "./chiSquare.js";
import { informative, mantelHaenszelOddsRatio, stratumCells, validateTrials, type TrialCounts } from "./mantelHaenszel.js";

export interface BreslowDayResult {
  /** χ² statistic; null when the test cannot be done (see undefinedReason). */
  statistic: number | null;
  /** Trials compared − 1; null when fewer than 2 trials can be compared. */
  df: number | null;
  p: number | null;
  /** Tarone's (1985) correction applied. */
  tarone: boolean;
  /** Trials with cases in both arms and both outcomes: the only ones that carry an odds ratio. */
  trialsCompared: number;
  undefinedReason: string | null;
}

/**
 * The SRC-arm event count a trial would have if its odds ratio were ψ, given its margins: the root
 * of (x)(n₀ − m₁ + x) = ψ(n₁ − x)(m₁ − x) between max(0, m₁ − n₀) and min(n₁, m₁), the one
 * metafor::rma.mh takes, (A − √(A² − 4n₁m₁ψ(ψ − 1))) / (2(ψ − 1)) with A = ψ(n₁ + m₁) + n₀ − m₁.
 * Written as 2n₁m₁ψ / (A + √…) when A ≥ 0 so that ψ near 1 loses no digits (and ψ = 1 needs no
 * special case); when A < 0 (ψ small) the original form has no cancellation.
 */
function fittedEvents(psi: number, n1: number, n0: number, m1: number): number {
  const a = psi * (n1 + m1) + (n0 - m1);
  const root = Math.sqrt(a * a - 4 * n1 * m1 * psi * (psi - 1));
  return a >= 0 ? (2 * n1 * m1 * psi) / (a + root) : (a - root) / (2 * (psi - 1));
}

/**
 * Breslow-Day test that the trials share one odds ratio, against the Mantel-Haenszel common odds
 * ratio ψ: Σ (aₖ − âₖ)²/Var(âₖ), â the fitted events of each trial at ψ and Var = 1/(1/â + 1/b̂ +
 * 1/ĉ + 1/d̂), on (trials compared − 1) df. With `tarone`, Tarone's correction
 * (Σ(aₖ − âₖ))²/ΣVar is taken off, which makes the statistic χ² under the null when ψ is the MH
 * estimate. Matches metafor::rma.mh's BD and TA (and statsmodels' StratifiedTable.test_equal_odds).
 * Trials without cases in both arms, or without both attrition and kept cases, have no odds ratio
 * and are not compared (metafor's k.pos); fewer than 2 compared trials: no test.
 */
export function breslowDay(trials: readonly TrialCounts[], options: { tarone?: boolean } = {}): BreslowDayResult {
  const tarone = options.tarone ?? false;
  validateTrials(trials);
  const compared = trials.filter(informative).map(stratumCells).filter((k) => k.m1 > 0 && k.m0 > 0);
  const none = (reason: string): BreslowDayResult => ({
    statistic: null,
    df: null,
    p: null,
    tarone,
    trialsCompared: compared.length,
    undefinedReason: reason,
  });
  if (compared.length < 2) {
    return none(
      compared.length === 0
        ? "no trial has cases in both arms with both attrition and kept cases"
        : "only one trial has cases in both arms with both attrition and kept cases: there is nothing to compare it with",
    );
  }
  const psi = mantelHaenszelOddsRatio(trials).estimate;
  if (psi === null || psi === 0) {
    return none("the common odds ratio is 0 or unbounded, so the trials' odds ratios cannot be compared with it");
  }
  let statistic = 0;
  let deviationSum = 0;
  let varianceSum = 0;
  for (const k of compared) {
    const fitted = fittedEvents(psi, k.n1, k.n0, k.m1);
    const inverseVariance = 1 / fitted + 1 / (k.n1 - fitted) + 1 / (k.m1 - fitted) + 1 / (k.n0 - k.m1 + fitted);
    const deviation = k.a - fitted;
    statistic += deviation * deviation * inverseVariance;
    deviationSum += deviation;
    varianceSum += 1 / inverseVariance;
  }
  if (tarone) statistic -= (deviationSum * deviationSum) / varianceSum;
  statistic = Math.max(0, statistic);
  const df = compared.length - 1;
  return { statistic, df, p: chiSquareSf(statistic, df), tarone, trialsCompared: compared.length, undefinedReason: null };
}
