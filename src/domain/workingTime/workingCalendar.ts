import type { IsoDate } from "./isoDate.js";
import { parseIsoDate } from "./isoDate.js";
import { englandAndWalesBankHolidays } from "./bankHolidays.js";
import type { OneOffChange } from "./oneOffChanges.js";
import { KNOWN_ONE_OFF_CHANGES } from "./oneOffChanges.js";
import { millisIntoDay, parseClockTime } from "./clockTime.js";
import { DAY_MS, instantForConfiguredTime, localMillisAt, zoneNamed } from "./localTime.js";
import type { QuietHours } from "./quietHours.js";
import { isQuietAt, nextNonQuietAt } from "./quietHours.js";
import { zoneOffsets } from "./zoneOffsets.js";

export interface WorkingCalendarOptions {
  /** IANA zone in which days, opening hours and holidays are read. */
  readonly zone?: string;
  /** Opening time on working days, "HH:mm" local. */
  readonly dayStart?: string;
  /** Closing time on working days, "HH:mm" local; must be after dayStart. */
  readonly dayEnd?: string;
  /** ISO weekday numbers, 1 = Monday … 7 = Sunday. */
  readonly workingDays?: readonly number[];
  /** Local dates on which the service is closed besides bank holidays. */
  readonly extraClosures?: readonly IsoDate[];
  /** Replaces (does not extend) the known one-off bank holiday changes. */
  readonly oneOffChanges?: readonly OneOffChange[];
}

export interface WorkingCalendar {
  readonly zone: string;
  /** True when the local date of `instant` is a working weekday, not a bank holiday and not closed. */
  isWorkingDay(instant: Date): boolean;
  addWorkingHours(start: Date, hours: number): Date;
  addWorkingMillis(start: Date, millis: number): Date;
  addWorkingDays(start: Date, days: number): Date;
  /** Working time inside [a, b]; negative when b is before a. */
  workingMillisBetween(a: Date, b: Date): number;
  isQuietTime(instant: Date, quiet?: Partial<QuietHours>): boolean;
  nextNonQuietTime(instant: Date, quiet?: Partial<QuietHours>): Date;
}

const HOUR_MS = 3_600_000;
/** A calendar with no working day in ten years is misconfigured; fail rather than spin. */
const MAX_CLOSED_RUN_DAYS = 3_660;

interface Window {
  readonly start: number;
  readonly end: number;
}

/** Days are numbered from 1970-01-01 (a Thursday) in local time; see localTime.ts. */
const dayNumberOf = (date: IsoDate) => parseIsoDate(date).toMillis() / DAY_MS;
const isoWeekdayOf = (day: number) => ((((day + 3) % 7) + 7) % 7) + 1;
const yearOf = (day: number) => new Date(day * DAY_MS).getUTCFullYear();
const isoDateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

function millisOf(instant: Date, label: string): number {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError(`${label} is an invalid Date`);
  return t;
}

function validWorkingDays(days: readonly number[]): ReadonlySet<number> {
  if (days.length === 0 || days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
    throw new RangeError(`workingDays must be a non-empty list of ISO weekdays 1–7; got [${days.join(", ")}]`);
  }
  return new Set(days);
}

export function createWorkingCalendar(options: WorkingCalendarOptions = {}): WorkingCalendar {
  const zoneName = options.zone ?? "Europe/London";
  const zone = zoneNamed(zoneName);
  const dayStart = options.dayStart ?? "08:00";
  const dayEnd = options.dayEnd ?? "18:00";
  const opensMs = millisIntoDay(parseClockTime(dayStart, "dayStart"));
  const closesMs = millisIntoDay(parseClockTime(dayEnd, "dayEnd"));
  if (opensMs >= closesMs) throw new RangeError(`dayEnd (${dayEnd}) must be after dayStart (${dayStart})`);
  const workingWeekdays = validWorkingDays(options.workingDays ?? [1, 2, 3, 4, 5]);
  const oneOffChanges = options.oneOffChanges ?? KNOWN_ONE_OFF_CHANGES;

  const closedDays = new Set((options.extraClosures ?? []).map(dayNumberOf));
  const yearsLoaded = new Set<number>();
  function isClosedDay(day: number): boolean {
    const year = yearOf(day);
    if (!yearsLoaded.has(year)) {
      for (const holiday of englandAndWalesBankHolidays(year, oneOffChanges)) closedDays.add(dayNumberOf(holiday.date));
      yearsLoaded.add(year);
    }
    return closedDays.has(day);
  }
  const isWorkingDayNumber = (day: number) => workingWeekdays.has(isoWeekdayOf(day)) && !isClosedDay(day);
  const offsetAt = zoneOffsets(zoneName);
  const localDayOf = (t: number) => Math.floor((t + offsetAt(t) * 60_000) / DAY_MS);

  // Each window costs several zone-offset look-ups; long spans revisit the same days.
  const windows = new Map<number, Window | null>();
  function windowOn(day: number): Window | null {
    let window = windows.get(day);
    if (window === undefined) {
      window = isWorkingDayNumber(day)
        ? { start: instantForConfiguredTime(day * DAY_MS + opensMs, zone), end: instantForConfiguredTime(day * DAY_MS + closesMs, zone) }
        : null;
      windows.set(day, window);
    }
    return window;
  }

  /** Working windows ending after `t`, in order, starting on t's local date. */
  function* windowsFrom(t: number): Generator<Window> {
    let closedRun = 0;
    for (let day = localDayOf(t); ; day += 1) {
      const window = windowOn(day);
      if (window && window.end > t) {
        closedRun = 0;
        yield window;
      } else if (++closedRun > MAX_CLOSED_RUN_DAYS) {
        throw new Error(`No working time within ${MAX_CLOSED_RUN_DAYS} days of ${new Date(t).toISOString()}`);
      }
    }
  }

  function addWorkingMillisAt(t: number, millis: number): number {
    let remaining = millis;
    for (const window of windowsFrom(t)) {
      const from = Math.max(t, window.start);
      if (remaining <= window.end - from) return from + remaining;
      remaining -= window.end - from;
    }
    throw new Error("unreachable: windowsFrom never ends");
  }

  function addWorkingMillis(start: Date, millis: number): Date {
    if (!Number.isFinite(millis) || millis < 0) throw new RangeError(`working time to add must be ≥ 0; got ${millis}`);
    return new Date(addWorkingMillisAt(millisOf(start, "start"), Math.round(millis)));
  }

  /**
   * Rule for working days: a start outside opening hours (evening, night, weekend,
   * holiday, closure) is first moved to the next opening, exactly as working-hours
   * counting does; the due time is then that local time of day on the Nth working
   * day after. So Thu 16:00 + 3 → the third working day's 16:00; Sat 14:00 + 3 →
   * Thu 08:00 (Mon opening + 3); Thu 19:00 + 3 → Wed 08:00 (Fri opening + 3).
   */
  function addWorkingDays(start: Date, days: number): Date {
    if (!Number.isInteger(days) || days < 0) throw new RangeError(`working days to add must be a whole number ≥ 0; got ${days}`);
    const counted = addWorkingMillisAt(millisOf(start, "start"), 0);
    const countedLocal = localMillisAt(counted, zone);
    let day = Math.floor(countedLocal / DAY_MS);
    const timeOfDay = countedLocal - day * DAY_MS;
    let closedRun = 0;
    for (let found = 0; found < days; ) {
      day += 1;
      if (isWorkingDayNumber(day)) {
        found += 1;
        closedRun = 0;
      } else if (++closedRun > MAX_CLOSED_RUN_DAYS) {
        throw new Error(`No working day within ${MAX_CLOSED_RUN_DAYS} days of ${isoDateOf(day)}`);
      }
    }
    return new Date(instantForConfiguredTime(day * DAY_MS + timeOfDay, zone));
  }

  // Working time before each local day, counted from the first day asked about and extended as far as asked: a
  // report measures thousands of spans, some of them years long, each then costs two look-ups.
  let anchor: number | undefined;
  const after: number[] = [0];
  const before: number[] = [0];
  const windowLength = (day: number) => {
    const window = windowOn(day);
    return window ? window.end - window.start : 0;
  };
  function workingBeforeDay(day: number): number {
    anchor ??= day;
    const i = day - anchor;
    if (i >= 0) {
      while (after.length <= i) after.push(after[after.length - 1]! + windowLength(anchor + after.length - 1));
      return after[i]!;
    }
    while (before.length <= -i) before.push(before[before.length - 1]! + windowLength(anchor - before.length));
    return -before[-i]!;
  }

  /** Working time up to `t`, from the same origin for every instant: a day's window lies within that local day. */
  function workingUpTo(t: number): number {
    const day = localDayOf(t);
    const window = windowOn(day);
    return workingBeforeDay(day) + (window ? Math.min(Math.max(t, window.start), window.end) - window.start : 0);
  }

  function workingMillisBetween(a: Date, b: Date): number {
    const from = millisOf(a, "a");
    const to = millisOf(b, "b");
    if (to < from) return -workingMillisBetween(b, a);
    return workingUpTo(to) - workingUpTo(from);
  }

  const quietContext = { zone, isClosedDate: (t: number) => isClosedDay(localDayOf(t)) };

  return {
    zone: zoneName,
    isWorkingDay: (instant) => isWorkingDayNumber(localDayOf(millisOf(instant, "instant"))),
    addWorkingHours: (start, hours) => addWorkingMillis(start, hours * HOUR_MS),
    addWorkingMillis,
    addWorkingDays,
    workingMillisBetween,
    isQuietTime: (instant, quiet) => isQuietAt(millisOf(instant, "instant"), quiet, quietContext),
    nextNonQuietTime: (instant, quiet) => new Date(nextNonQuietAt(millisOf(instant, "instant"), quiet, quietContext)),
  };
}
