import { parseLondonDateTime } from "./londonDateTime.js";
import type { Problem } from "./problem.js";
import { echo } from "./problem.js";

const DATE_TIME_FORMATS = "dd/mm/yyyy HH:mm (UK time) or ISO 8601";
const DATE_FORMATS = "dd/mm/yyyy, optionally with HH:mm (UK time), or ISO 8601";

function expected(reason: "unreadable" | "impossible" | "dst-gap", needsTime: boolean): string {
  const formats = needsTime ? DATE_TIME_FORMATS : DATE_FORMATS;
  if (reason === "unreadable") return `a date${needsTime ? " and time" : ""} as ${formats}`;
  if (reason === "impossible") return `a real calendar date, as ${formats}`;
  return "a time that exists in UK local time (the clocks went forward over it)";
}

/** Reads a required date cell, recording why it is unusable. */
export function checkedDate(
  raw: string | undefined,
  column: string,
  row: number,
  problems: Problem[],
  rules: { needsTime: boolean; now: Date | undefined },
): Date | undefined {
  const value = (raw ?? "").trim();
  if (value === "") {
    problems.push({ row, column, expected: `a date${rules.needsTime ? " and time" : ""} (required)` });
    return undefined;
  }
  const parsed = parseLondonDateTime(value);
  if (!parsed.ok) {
    problems.push({ row, column, value: echo(value), expected: expected(parsed.reason, rules.needsTime) });
    return undefined;
  }
  if (rules.needsTime && !parsed.hasTime) {
    problems.push({ row, column, value: echo(value), expected: "a date with a time of day" });
    return undefined;
  }
  if (rules.now !== undefined && parsed.date.getTime() > rules.now.getTime()) {
    problems.push({ row, column, value: echo(value), expected: "a date not in the future" });
    return undefined;
  }
  return parsed.date;
}
