import { StatsInputError } from "./errors.js";

export interface TwoByTwoInput {
  /** Cases with the outcome in the treatment (SRC) arm. */
  eventsT: number;
  /** Cases randomised to the treatment (SRC) arm. */
  nT: number;
  /** Cases with the outcome in the control (BAU) arm. */
  eventsC: number;
  /** Cases randomised to the control (BAU) arm. */
  nC: number;
}

export function validateCount(value: number, argument: string): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new StatsInputError(argument, `must be a whole number ≥ 0, got ${String(value)}`);
  }
}

export function validateGroupSize(value: number, argument: string): void {
  validateCount(value, argument);
  if (value === 0) throw new StatsInputError(argument, "must be > 0");
}

export function validateAtMost(value: number, limit: number, argument: string, limitName: string): void {
  if (value > limit) {
    throw new StatsInputError(argument, `must not exceed ${limitName} (${limit}), got ${value}`);
  }
}

/** Events and group size of one arm: whole numbers, 0 ≤ events ≤ n, n > 0. */
export function validateArm(events: number, n: number, eventsArgument: string, nArgument: string): void {
  validateGroupSize(n, nArgument);
  validateCount(events, eventsArgument);
  validateAtMost(events, n, eventsArgument, nArgument);
}

export function validateTwoByTwoInput(input: TwoByTwoInput): void {
  validateArm(input.eventsT, input.nT, "events-t", "n-t");
  validateArm(input.eventsC, input.nC, "events-c", "n-c");
}

/** Probabilities for the power functions: open interval, because 0 and 1 make the normal approximation degenerate. */
export function validateProbability(value: number, argument: string): void {
  if (!Number.isFinite(value) || value <= 0 || value >= 1) {
    throw new StatsInputError(argument, `must be a probability strictly between 0 and 1, got ${String(value)}`);
  }
}

export function validatePositive(value: number, argument: string): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new StatsInputError(argument, `must be a finite number > 0, got ${String(value)}`);
  }
}

export function validateFinite(value: number, argument: string): void {
  if (!Number.isFinite(value)) {
    throw new StatsInputError(argument, `must be a finite number, got ${String(value)}`);
  }
}
