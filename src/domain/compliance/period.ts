import { DateTime } from "luxon";
import { DateTimeParseError, parseLondonDate } from "../workingTime/index.js";
import { parseIsoDate, toIsoDate, type IsoDate } from "../workingTime/isoDate.js";

/** A reporting period as asked for, before it meets a clock and a zone. */
export type PeriodSpec = { kind: "this week" } | { kind: "last week" } | { kind: "range"; first: IsoDate; last: IsoDate };

export type StatusFilter = { kind: "all" } | { kind: "ward"; code: string } | { kind: "borough"; name: string } | { kind: "bcu"; name: string };

export interface StatusRequest {
  period: PeriodSpec;
  filter: StatusFilter;
}

/** Referred at or after `from` and before `to`: `to` is the start of the day after the last day asked for. */
export interface Period {
  from: Date;
  to: Date;
  label: string;
}

export type ParsedStatusRequest = { ok: true; request: StatusRequest } | { ok: false; message: string };

const WARD_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{1,19}$/;
const DAY_ONLY = /^(\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4})$/;
const KEYWORDS = new Set(["this", "last", "from", "ward", "borough", "bcu"]);
// Years outside this range are typing slips; they would also overflow ISO date arithmetic at the far end.
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

class RequestError extends Error {}

const fail = (message: string): never => {
  throw new RequestError(message);
};

/** A word the user typed, shortened: enough to recognise, never a paragraph of case details. */
const quoted = (word: string) => `"${word.length > 30 ? `${word.slice(0, 30)}…` : word}"`;

function calendarDay(text: string, which: "start" | "end"): IsoDate {
  if (!DAY_ONLY.test(text)) fail(`${quoted(text)} is not a date: write the ${which} date as yyyy-mm-dd or dd/mm/yyyy (e.g. 2024-04-01 or 01/04/2024).`);
  let midnight: Date;
  try {
    // Read in UTC only to check the date and name its day; the configured zone places it in time later.
    midnight = parseLondonDate(text, "UTC");
  } catch (error) {
    if (error instanceof DateTimeParseError) return fail(`The ${which} date ${text} does not exist: ${error.reason}.`);
    throw error;
  }
  const year = midnight.getUTCFullYear();
  if (year < FIRST_YEAR || year > LAST_YEAR) fail(`The ${which} date ${text} is out of range: give a year from ${FIRST_YEAR} to ${LAST_YEAR}.`);
  return midnight.toISOString().slice(0, 10);
}

/**
 * Reads `[this week | last week | from <date> to <date>] [ward <code> | borough <name> | bcu <name>]`, in either order, keywords in
 * any case. No period means this week. Dates are checked here (an impossible date says why); they become instants in
 * `resolvePeriod`, which knows the clock and the zone.
 */
export function parseStatusRequest(text: string): ParsedStatusRequest {
  const words = text.trim().split(/\s+/).filter(Boolean);
  let period: PeriodSpec | undefined;
  let filter: StatusFilter | undefined;
  const setPeriod = (value: PeriodSpec) => {
    if (period) fail("Give one period: this week, last week, or from <date> to <date>.");
    period = value;
  };
  const setFilter = (value: StatusFilter) => {
    if (filter) fail("Give at most one ward, one borough or one BCU.");
    filter = value;
  };
  try {
    for (let i = 0; i < words.length; ) {
      const word = words[i]!.toLowerCase();
      if (word === "this" || word === "last") {
        if (words[i + 1]?.toLowerCase() !== "week") fail(`"${word}" must be followed by "week": this week or last week.`);
        setPeriod({ kind: word === "this" ? "this week" : "last week" });
        i += 2;
      } else if (word === "from") {
        const [start, to, end] = [words[i + 1], words[i + 2], words[i + 3]];
        if (start === undefined || to?.toLowerCase() !== "to" || end === undefined) {
          fail("Give the period as from <date> to <date>, e.g. from 2024-04-01 to 2024-04-07 (both days included).");
        }
        const first = calendarDay(start!, "start");
        const last = calendarDay(end!, "end");
        if (first > last) fail(`The start date ${start} is after the end date ${end}.`);
        setPeriod({ kind: "range", first, last });
        i += 4;
      } else if (word === "ward") {
        const code = words[i + 1];
        if (code === undefined || !WARD_CODE.test(code)) fail('Give one ward code after "ward", e.g. ward E05013805.');
        setFilter({ kind: "ward", code: code! });
        i += 2;
      } else if (word === "borough" || word === "bcu") {
        let end = i + 1;
        while (end < words.length && !KEYWORDS.has(words[end]!.toLowerCase())) end++;
        if (end === i + 1) fail(word === "borough" ? 'Give the borough\'s name after "borough", e.g. borough Merton.' : 'Give the BCU\'s name after "bcu", e.g. bcu South West.');
        setFilter({ kind: word, name: words.slice(i + 1, end).join(" ") });
        i = end;
      } else {
        fail(`${quoted(words[i]!)} is not part of a period or a filter.`);
      }
    }
  } catch (error) {
    if (error instanceof RequestError) return { ok: false, message: error.message };
    throw error;
  }
  return { ok: true, request: { period: period ?? { kind: "this week" }, filter: filter ?? { kind: "all" } } };
}

// Fixed English names, as formatLondon uses: ICU versions disagree on en-GB abbreviations.
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

function dayLabel(day: IsoDate): string {
  const date = parseIsoDate(day);
  return `${WEEKDAYS[date.weekday - 1]} ${date.day} ${MONTHS[date.month - 1]} ${date.year}`;
}

const plusDays = (day: IsoDate, days: number): IsoDate => toIsoDate(parseIsoDate(day).plus({ days }));

function week(kind: "this week" | "last week", now: Date, zone: string): { first: IsoDate; last: IsoDate; name: string } {
  const today = DateTime.fromJSDate(now, { zone });
  const thisMonday = toIsoDate(DateTime.utc(today.year, today.month, today.day).minus({ days: today.weekday - 1 }));
  const first = kind === "this week" ? thisMonday : plusDays(thisMonday, -7);
  return { first, last: plusDays(first, 6), name: kind === "this week" ? "This week" : "Last week" };
}

/** Weeks run Monday to Sunday in `zone`; a range includes the whole of its last day. */
export function resolvePeriod(spec: PeriodSpec, now: Date, zone: string): Period {
  const { first, last, name } = spec.kind === "range" ? { ...spec, name: undefined } : week(spec.kind, now, zone);
  const days = first === last ? dayLabel(first) : `${dayLabel(first)} – ${dayLabel(last)}`;
  return {
    from: parseLondonDate(first, zone),
    to: parseLondonDate(plusDays(last, 1), zone),
    label: name ? `${name}: ${days}` : days,
  };
}
