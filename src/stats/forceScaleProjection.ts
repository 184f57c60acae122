import { StatsInputError } from "./errors.js";
import { validateFinite, validatePositive } from "./validation.js";

export interface ForceScaleInput {
  /** Victim withdrawals (attrition) a year across the force, e.g. 6,839. */
  withdrawalsPerYear: number;
  /** Relative reduction in attrition as a fraction, e.g. 0.22 for "22% lower". */
  relativeReduction: number;
  /** Hate crimes a year across the force, e.g. 22,421; optional. */
  casesPerYear?: number;
  /** Interval for relativeReduction, lower ≤ upper, e.g. from relativeReductionFromRiskRatio. */
  relativeReductionInterval?: { lower: number; upper: number };
}

export interface ForceScaleFigure {
  /** Withdrawals avoided a year: victims kept engaged. */
  fewerWithdrawals: number;
  /** fewerWithdrawals as a fraction of all cases a year; null without casesPerYear. */
  shareOfCases: number | null;
}

export interface ForceScaleProjection extends ForceScaleFigure {
  interval: { lower: ForceScaleFigure; upper: ForceScaleFigure } | null;
}

/**
 * Scales a relative reduction in attrition up to the force: if every case got SRC, withdrawals would
 * fall by W × R a year (the pilot: 6,839 × 22%–26% ≈ 1,500–1,800). It assumes the pilot's effect
 * transfers unchanged, so reports should present it as an illustration, with the interval.
 */
export function projectForceScale(input: ForceScaleInput): ForceScaleProjection {
  validateFinite(input.withdrawalsPerYear, "withdrawals-per-year");
  if (input.withdrawalsPerYear < 0) throw new StatsInputError("withdrawals-per-year", "must be ≥ 0");
  validateReduction(input.relativeReduction, "relative-reduction");
  if (input.casesPerYear !== undefined) validatePositive(input.casesPerYear, "cases-per-year");
  const interval = input.relativeReductionInterval;
  if (interval !== undefined) {
    validateReduction(interval.lower, "relative-reduction-lower");
    validateReduction(interval.upper, "relative-reduction-upper");
    if (interval.lower > interval.upper) {
      throw new StatsInputError("relative-reduction-lower", "must not exceed relative-reduction-upper");
    }
  }
  const figure = (reduction: number): ForceScaleFigure => {
    const fewerWithdrawals = input.withdrawalsPerYear * reduction;
    return {
      fewerWithdrawals,
      shareOfCases: input.casesPerYear === undefined ? null : fewerWithdrawals / input.casesPerYear,
    };
  };
  return {
    ...figure(input.relativeReduction),
    interval: interval === undefined ? null : { lower: figure(interval.lower), upper: figure(interval.upper) },
  };
}

/**
 * Relative reduction 1 − RR with its interval. The bounds swap: the upper RR limit is the smallest
 * reduction.
 */
export function relativeReductionFromRiskRatio(rr: { rr: number; rrLower: number; rrUpper: number }): {
  relativeReduction: number;
  relativeReductionInterval: { lower: number; upper: number };
} {
  return {
    relativeReduction: 1 - rr.rr,
    relativeReductionInterval: { lower: 1 - rr.rrUpper, upper: 1 - rr.rrLower },
  };
}

/** A reduction above 1 would mean fewer than zero withdrawals; negative values (harm) are allowed. */
function validateReduction(value: number, argument: string): void {
  validateFinite(value, argument);
  if (value > 1) throw new StatsInputError(argument, `must be ≤ 1 (a fraction, not a percentage), got ${value}`);
}
