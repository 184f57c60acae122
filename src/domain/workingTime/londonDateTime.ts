import { DateTime } from "luxon";
import type { WallClock } from "./localTime.js";
import { gapAround, instantsAt, localMillisOf, zoneNamed } from "./localTime.js";

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
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`Cannot read "${input}" as a date and time: ${reason}`);
  }
}

const UK = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

function daysInMonth(year: number, month: number): number {
  return DateTime.utc(year, month, 1).daysInMonth as number;
}

function checkedWallClock(input: string, wall: Required<WallClock>): Required<WallClock> {
  const { year, month, day, hour, minute, second } = wall;
  if (month < 1 || month > 12) throw new DateTimeParseError(input, `there is no month ${month}`);
  const monthDays = daysInMonth(year, month);
  if (day < 1 || day > monthDays) {
    throw new DateTimeParseError(input, `${MONTH_NAMES[month - 1]} ${year} has no day ${day} (it has ${monthDays} days)`);
  }
  if (hour > 23) throw new DateTimeParseError(input, `hour ${hour} is not between 00 and 23`);
  if (minute > 59) throw new DateTimeParseError(input, `minute ${minute} is not between 00 and 59`);
  if (second > 59) throw new DateTimeParseError(input, `second ${second} is not between 00 and 59`);
  return wall;
}

function offsetMinutes(input: string, offset: string): number {
  if (offset === "Z" || offset === "z") return 0;
  const sign = offset.startsWith("-") ? -1 : 1;
  const digits = offset.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || "0");
  if (hours > 18 || minutes > 59) throw new DateTimeParseError(input, `UTC offset ${offset} is out of range`);
  return sign * (hours * 60 + minutes);
}

function localInstant(input: string, wall: Required<WallClock>, zoneName: string): Date {
  const zone = zoneNamed(zoneName);
  const local = localMillisOf(wall);
  const [first] = instantsAt(local, zone);
  if (first === undefined) {
    const gap = gapAround(local, zone);
    throw new DateTimeParseError(
      input,
      `that local time does not exist in ${zoneName}: the clocks went forward from ${gap.from} to ${gap.to} that night`,
    );
  }
  // In the autumn overlap the earlier occurrence (still summer time) is taken.
  return new Date(first);
}

/**
 * Reads a UK "dd/mm/yyyy HH:mm[:ss]" local time, or ISO 8601 extended
 * "yyyy-mm-ddTHH:mm[:ss[.fff]][Z|±hh[:mm]]". Times without an offset are local
 * to `zone` (London by default). Impossible dates and times skipped by the
 * spring-forward gap throw a DateTimeParseError that says why.
 */
export function parseLondonDateTime(text: string, zone: string = LONDON): Date {
  const input = text.trim();
  const uk = UK.exec(input);
  if (uk) {
    const field = (i: number) => Number(uk[i] ?? 0);
    const wall = checkedWallClock(text, {
      year: field(3), month: field(2), day: field(1), hour: field(4), minute: field(5), second: field(6), millisecond: 0,
    });
    return localInstant(text, wall, zone);
  }
  const iso = ISO.exec(input);
  if (iso) {
    const [, year, month, day, hour, minute, second, fraction, offset] = iso;
    const wall = checkedWallClock(text, {
      year: Number(year), month: Number(month), day: Number(day),
      hour: Number(hour), minute: Number(minute), second: Number(second ?? 0),
      millisecond: Number((fraction ?? "").padEnd(3, "0").slice(0, 3)),
    });
    if (offset === undefined) return localInstant(text, wall, zone);
    return new Date(localMillisOf(wall) - offsetMinutes(text, offset) * 60_000);
  }
  throw new DateTimeParseError(text, 'expected "dd/mm/yyyy HH:mm" (UK local time) or ISO 8601 "yyyy-mm-ddTHH:mm"');
}
