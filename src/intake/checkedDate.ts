import { DateTimeParseError, parseLondonDate, parseLondonDateTime } from "../domain/workingTime/index.js";
import type { Problem } from "./problem.js";
import { echo } from "./problem.js";

/**
 * Reads a required date cell, recording why it is unusable. Without `needsTime` a date alone is
 * accepted (midnight UK time), as outcome exports often give no time.
 */
export function checkedDate(
  raw: string | undefined,
  column: string,
  row: number,
  problems: Problem[],
  rules: { needsTime: boolean; now: Date | undefined },
): Date | undefined {
  const value = (raw ?? "").trim();
  const what = rules.needsTime ? "a date and time" : "a date";
  if (value === "") {
    problems.push({ row, column, expected: `${what} (required)` });
    return undefined;
  }
  let date: Date;
  try {
    date = rules.needsTime ? parseLondonDateTime(value) : parseLondonDate(value);
  } catch (error) {
    if (!(error instanceof DateTimeParseError)) throw error;
    // The reason, never the message: the message quotes the whole cell, which may be a pasted narrative.
    problems.push({ row, column, value: echo(value), expected: `${what}: ${error.reason}` });
    return undefined;
  }
  if (rules.now !== undefined && date.getTime() > rules.now.getTime()) {
    problems.push({ row, column, value: echo(value), expected: "a date not in the future" });
    return undefined;
  }
  return date;
}
