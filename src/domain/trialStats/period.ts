import { DateTime } from "luxon";
import { parseStatusRequest, resolvePeriod, type PeriodSpec, type StatusFilter } from "../compliance/period.js";
import { DateTimeParseError, parseLondonDate } from "../workingTime/index.js";
import { toIsoDate } from "../workingTime/isoDate.js";

/** /status's periods, plus the ones only the trial report needs: one ISO week, or the whole trial. */
export type StatsPeriodSpec = PeriodSpec | { kind: "iso week"; weekYear: number; week: number } | { kind: "trial" };

export interface StatsRequest {
  period: StatsPeriodSpec;
  filter: StatusFilter;
}

/** Allocated at or after `from` and before `to`; undefined bounds are open (the whole trial). */
export interface StatsPeriod {
  from: Date | undefined;
  to: Date | undefined;
  label: string;
}

export type ParsedStatsRequest = { ok: true; request: StatsRequest } | { ok: false; message: string };

const ISO_WEEK = /^(\d{4})-?W(\d{2})$/i;
const SHARED_PERIOD_WORDS = new Set(["this", "last", "from"]);
const ONE_PERIOD = "Give one period: this week, last week, week 2023-W02, from <date> to <date>, or trial.";

/**
 * Reads `[this week | last week | week <yyyy-Www> | from <date> to <date> | trial] [ward <code> | borough <name> | bcu <name>]`.
 * "week <yyyy-Www>" and "trial" are taken out here; everything else is /status's grammar, read by its parser, so the
 * two commands never disagree about a date or a filter. No period means this week, as for /status.
 */
export function parseStatsRequest(text: string): ParsedStatsRequest {
  const words = text.trim().split(/\s+/).filter(Boolean);
  let own: StatsPeriodSpec | undefined;
  const rest: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!.toLowerCase();
    const previous = words[i - 1]?.toLowerCase();
    let found: StatsPeriodSpec | undefined;
    if (word === "trial") {
      found = { kind: "trial" };
    } else if (word === "week" && previous !== "this" && previous !== "last") {
      const week = isoWeek(words[i + 1]);
      if (!week.ok) return week;
      found = week.spec;
      i++;
    } else {
      rest.push(words[i]!);
      continue;
    }
    if (own) return { ok: false, message: ONE_PERIOD };
    own = found;
  }
  if (own && rest.some((w) => SHARED_PERIOD_WORDS.has(w.toLowerCase()))) return { ok: false, message: ONE_PERIOD };
  const shared = parseStatusRequest(rest.join(" "));
  if (!shared.ok) return shared;
  return { ok: true, request: { period: own ?? shared.request.period, filter: shared.request.filter } };
}

function isoWeek(word: string | undefined): { ok: true; spec: StatsPeriodSpec } | { ok: false; message: string } {
  const match = ISO_WEEK.exec(word ?? "");
  if (!match) return { ok: false, message: 'Give the week as an ISO week after "week", e.g. week 2023-W02.' };
  const weekYear = Number(match[1]);
  const week = Number(match[2]);
  const weeks = DateTime.utc(weekYear, 6, 1).weeksInWeekYear;
  if (weekYear < 2000 || weekYear > 2100) return { ok: false, message: `The week ${word} is out of range: give a year from 2000 to 2100.` };
  if (week < 1 || week > weeks) return { ok: false, message: `${weekYear} has no week ${week}: its ISO weeks run from W01 to W${weeks}.` };
  return { ok: true, spec: { kind: "iso week", weekYear, week } };
}

/** Turns a period into instants in `zone`: weeks run Monday to Sunday, and a range includes its whole last day. */
export function resolveStatsPeriod(spec: StatsPeriodSpec, now: Date, zone: string): StatsPeriod {
  if (spec.kind === "trial") return { from: undefined, to: undefined, label: "Whole trial" };
  if (spec.kind === "iso week") {
    const monday = DateTime.fromObject({ weekYear: spec.weekYear, weekNumber: spec.week, weekday: 1 }, { zone: "utc" });
    const name = `${spec.weekYear}-W${String(spec.week).padStart(2, "0")}`;
    const period = resolvePeriod({ kind: "range", first: toIsoDate(monday), last: toIsoDate(monday.plus({ days: 6 })) }, now, zone);
    return { ...period, label: `Week ${name}: ${period.label}` };
  }
  return resolvePeriod(spec, now, zone);
}

export class PeriodBoundError extends Error {}

/**
 * The command line's `--from D` and `--to D`, both days included; either may be left open. Dates are read as
 * /status reads them (yyyy-mm-dd or dd/mm/yyyy, local to `zone`).
 */
export function periodFromBounds(fromText: string | undefined, toText: string | undefined, zone: string): StatsPeriod {
  const day = (text: string, option: string): Date => {
    try {
      return parseLondonDate(text, zone);
    } catch (error) {
      if (error instanceof DateTimeParseError) throw new PeriodBoundError(`${option}: ${error.reason}`);
      throw error;
    }
  };
  const from = fromText === undefined ? undefined : day(fromText, "--from");
  const last = toText === undefined ? undefined : DateTime.fromJSDate(day(toText, "--to"), { zone });
  const to = last === undefined ? undefined : last.plus({ days: 1 }).toJSDate();
  if (from && to && from >= to) throw new PeriodBoundError(`--from ${fromText} is after --to ${toText}`);
  const label = from === undefined && to === undefined ? "Whole trial" : `${fromText ? `From ${fromText}` : "Start of the trial"} to ${toText ?? "now"}${toText ? " (included)" : ""}`;
  return { from, to, label };
}
