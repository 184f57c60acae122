import { DateTime } from "luxon";
import type { WallClock } from "./localTime.js";
import { gapAround, instantForConfiguredTime, instantsAt, localMillisOf, zoneNamed } from "./localTime.js";

export const LONDON = "Europe/London";

// Fixed English names: ICU versions disagree on en-GB abbreviations ("Sep" vs "Sept").
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
const MONTH_NAMES = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
] as const;

/** "Tue 2 Apr 2024, 14:30" in the given zone (London by default). */
export function formatLondon(instant: Date, zone: string = LONDON): string {
  const local = DateTime.fromJSDate(instant, { zone: zoneNamed(zone) });
  if (!local.isValid) throw new RangeError("formatLondon was given an invalid Date");
  return `${WEEKDAYS[local.weekday - 1]} ${local.day} ${MONTHS[local.month - 1]} ${local.year}, ${local.toFormat("HH:mm")}`;
}

export class DateTimeParseError extends Error {
  override readonly name = "DateTimeParseError";
  /**
   * Why the text was refused. It restates only parts of the date text (numbers, an offset) or the
   * accepted formats, never the whole input, so it can be shown where the input itself must not be.
   */
  readonly reason: string;
  constructor(
    readonly input: string,
    reason: string,
    what: "a date" | "a date and time" = "a date and time",
  ) {
    super(`Cannot read "${input}" as ${what}: ${reason}`);
    this.reason = reason;
  }
}

type Fail = (reason: string) => never;

const UK = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const UK_DAY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

const DATE_TIME_FORMATS = 'use "dd/mm/yyyy HH:mm" (UK local time) or ISO 8601 "yyyy-mm-ddTHH:mm"';
const DATE_FORMATS = 'use "dd/mm/yyyy" or ISO 8601 "yyyy-mm-dd", optionally with a time "HH:mm" (UK local time)';

function daysInMonth(year: number, month: number): number {
  return DateTime.utc(year, month, 1).daysInMonth as number;
}

function checkedWallClock(fail: Fail, wall: Required<WallClock>): Required<WallClock> {
  const { year, month, day, hour, minute, second } = wall;
  if (month < 1 || month > 12) fail(`there is no month ${month}`);
  const monthDays = daysInMonth(year, month);
  if (day < 1 || day > monthDays) fail(`${MONTH_NAMES[month - 1]} ${year} has no day ${day} (it has ${monthDays} days)`);
  if (hour > 23) fail(`hour ${hour} is not between 00 and 23`);
  if (minute > 59) fail(`minute ${minute} is not between 00 and 59`);
  if (second > 59) fail(`second ${second} is not between 00 and 59`);
  return wall;
}

function offsetMinutes(fail: Fail, offset: string): number {
  if (offset === "Z" || offset === "z") return 0;
  const sign = offset.startsWith("-") ? -1 : 1;
  const digits = offset.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || "0");
  if (hours > 18 || minutes > 59) fail(`UTC offset ${offset} is out of range`);
  return sign * (hours * 60 + minutes);
}

function localInstant(fail: Fail, wall: Required<WallClock>, zoneName: string): Date {
  const zone = zoneNamed(zoneName);
  const local = localMillisOf(wall);
  const [first] = instantsAt(local, zone);
  if (first === undefined) {
    const gap = gapAround(local, zone);
    fail(`that local time does not exist in ${zoneName}: the clocks went forward from ${gap.from} to ${gap.to} that night`);
  }
  // In the autumn overlap the earlier occurrence (still summer time) is taken.
  return new Date(first);
}

/** The instant written as a date and time, or undefined when the text is in neither accepted format. */
function dateTimeIn(input: string, zone: string, fail: Fail): Date | undefined {
  const uk = UK.exec(input);
  if (uk) {
    const field = (i: number) => Number(uk[i] ?? 0);
    const wall = checkedWallClock(fail, {
      year: field(3), month: field(2), day: field(1), hour: field(4), minute: field(5), second: field(6), millisecond: 0,
    });
    return localInstant(fail, wall, zone);
  }
  const iso = ISO.exec(input);
  if (iso) {
    const [, year, month, day, hour, minute, second, fraction, offset] = iso;
    const wall = checkedWallClock(fail, {
      year: Number(year), month: Number(month), day: Number(day),
      hour: Number(hour), minute: Number(minute), second: Number(second ?? 0),
      millisecond: Number((fraction ?? "").padEnd(3, "0").slice(0, 3)),
    });
    if (offset === undefined) return localInstant(fail, wall, zone);
    return new Date(localMillisOf(wall) - offsetMinutes(fail, offset) * 60_000);
  }
  return undefined;
}

/** Midnight of a day written alone ("dd/mm/yyyy" or "yyyy-mm-dd"), or undefined for any other text. */
function dayIn(input: string, fail: Fail): Required<WallClock> | undefined {
  const uk = UK_DAY.exec(input);
  const iso = ISO_DAY.exec(input);
  const fields = uk ? { day: uk[1], month: uk[2], year: uk[3] } : iso ? { year: iso[1], month: iso[2], day: iso[3] } : undefined;
  if (fields === undefined) return undefined;
  return checkedWallClock(fail, {
    year: Number(fields.year), month: Number(fields.month), day: Number(fields.day),
    hour: 0, minute: 0, second: 0, millisecond: 0,
  });
}

function failingOn(text: string, what: "a date" | "a date and time"): Fail {
  return (reason) => {
    throw new DateTimeParseError(text, reason, what);
  };
}

/**
 * Reads a UK "dd/mm/yyyy HH:mm[:ss]" local time, or ISO 8601 extended
 * "yyyy-mm-ddTHH:mm[:ss[.fff]][Z|±hh[:mm]]". Times without an offset are local
 * to `zone` (London by default). Impossible dates, times skipped by the
 * spring-forward gap and dates without a time throw a DateTimeParseError that says why.
 */
export function parseLondonDateTime(text: string, zone: string = LONDON): Date {
  const input = text.trim();
  const fail = failingOn(text, "a date and time");
  const instant = dateTimeIn(input, zone, fail);
  if (instant !== undefined) return instant;
  if (UK_DAY.test(input) || ISO_DAY.test(input)) fail(`the time of day is missing: ${DATE_TIME_FORMATS}`);
  return fail(DATE_TIME_FORMATS);
}

/**
 * Reads a date that may carry a time, for values such as outcome dates: a date alone, UK
 * "dd/mm/yyyy" or ISO "yyyy-mm-dd", is the start of that day in `zone` (00:00 in London); a date
 * and time is read exactly as parseLondonDateTime reads it.
 */
export function parseLondonDate(text: string, zone: string = LONDON): Date {
  const input = text.trim();
  const fail = failingOn(text, "a date");
  const day = dayIn(input, fail);
  // A zone whose clocks jump forward at midnight starts that day at the end of the gap.
  if (day !== undefined) return new Date(instantForConfiguredTime(localMillisOf(day), zoneNamed(zone)));
  return dateTimeIn(input, zone, fail) ?? fail(DATE_FORMATS);
}
