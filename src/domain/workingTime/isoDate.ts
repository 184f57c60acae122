import { DateTime } from "luxon";

/** A calendar date written "YYYY-MM-DD", with no time of day and no zone. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Calendar-date arithmetic runs in UTC so that day steps are never disturbed by
 * a zone's DST transitions; the zone only matters when a date meets a clock time.
 */
export function calendarDate(year: number, month: number, day: number): DateTime {
  return DateTime.utc(year, month, day);
}

export function parseIsoDate(text: string): DateTime {
  const match = ISO_DATE.exec(text);
  const date = match ? calendarDate(Number(match[1]), Number(match[2]), Number(match[3])) : undefined;
  if (!date || !date.isValid) {
    throw new RangeError(`"${text}" is not a valid ISO calendar date (YYYY-MM-DD)`);
  }
  return date;
}

export function toIsoDate(date: DateTime): IsoDate {
  // toISODate() is only null for invalid DateTimes, which callers never build.
  return date.toISODate() as IsoDate;
}
