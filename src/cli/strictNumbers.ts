import { CliInputError } from "./context.js";

/**
 * Strict parsers for numeric options, as commander option parsers: `(value) => number`.
 *
 * Only plain decimal notation is accepted ("125", "0.05", ".8", "-0.1" where a sign makes sense).
 * Number() alone would take "", " ", "0x10", "1e3", "Infinity" and quietly turn them into numbers;
 * an analyst re-running a published figure gains nothing from exponents or hex, and a typo such as
 * "12abc" or a stray thousands separator ("6,839") must be refused, not half-read. So exponent
 * notation is rejected too: one rule for every option, and the message shows what was typed.
 */
const WHOLE = /^\d+$/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

function refuse(option: string, rule: string, raw: string): never {
  throw new CliInputError(`--${option}: must be ${rule}, got ${JSON.stringify(raw)}`);
}

function decimal(raw: string, option: string, rule: string): number {
  const value = Number(raw);
  if (!DECIMAL.test(raw) || !Number.isFinite(value)) refuse(option, rule, raw);
  return value;
}

/** A count: 0, 1, 2, … */
export const wholeNumber = (option: string) => (raw: string): number => {
  const rule = "a whole number ≥ 0";
  const value = Number(raw);
  if (!WHOLE.test(raw) || !Number.isSafeInteger(value)) refuse(option, rule, raw);
  return value;
};

/** A group size: 1, 2, … */
export const positiveWholeNumber = (option: string) => (raw: string): number => {
  const rule = "a whole number ≥ 1";
  const value = Number(raw);
  if (!WHOLE.test(raw) || !Number.isSafeInteger(value) || value < 1) refuse(option, rule, raw);
  return value;
};

/** A probability for the normal approximation: 0 and 1 themselves make it degenerate. */
export const probability = (option: string) => (raw: string): number => {
  const rule = "a probability strictly between 0 and 1";
  const value = decimal(raw, option, rule);
  if (value <= 0 || value >= 1) refuse(option, rule, raw);
  return value;
};

export const positiveNumber = (option: string) => (raw: string): number => {
  const rule = "a number > 0";
  const value = decimal(raw, option, rule);
  if (value <= 0) refuse(option, rule, raw);
  return value;
};

export const nonNegativeNumber = (option: string) => (raw: string): number => {
  const rule = "a number ≥ 0";
  const value = decimal(raw, option, rule);
  if (value < 0) refuse(option, rule, raw);
  return value;
};

/** Any finite number, sign allowed (a negative relative reduction is a harm). */
export const finiteNumber = (option: string) => (raw: string): number => decimal(raw, option, "a number");

/** Cross-option check, e.g. events within a group: `--events-t: cannot exceed --n-t (130 > 125)`. */
export function requireAtMost(value: number, option: string, limit: number, limitOption: string): void {
  if (value > limit) throw new CliInputError(`--${option}: cannot exceed --${limitOption} (${value} > ${limit})`);
}
