import type { DateTime } from "luxon";
import type { IsoDate } from "./isoDate.js";
import { calendarDate, parseIsoDate, toIsoDate } from "./isoDate.js";
import { easterSunday } from "./easter.js";
import type { OneOffChange } from "./oneOffChanges.js";
import { KNOWN_ONE_OFF_CHANGES } from "./oneOffChanges.js";

export interface BankHoliday {
  readonly date: IsoDate;
  readonly name: string;
}

const MONDAY = 1;
const SATURDAY = 6;

function isWeekend(date: DateTime): boolean {
  return date.weekday >= SATURDAY;
}

function firstMondayOf(year: number, month: number): DateTime {
  const first = calendarDate(year, month, 1);
  return first.plus({ days: (MONDAY - first.weekday + 7) % 7 });
}

function lastMondayOf(year: number, month: number): DateTime {
  const last = calendarDate(year, month, 1).endOf("month").startOf("day");
  return last.minus({ days: (last.weekday - MONDAY + 7) % 7 });
}

/**
 * Fixed-date holidays that land on a weekend move to the next weekday that is
 * not already a holiday, taken in calendar order. This reproduces the GOV.UK
 * pattern: Christmas on a Saturday gives Mon 27 (Christmas) and Tue 28 (Boxing
 * Day); Christmas on a Sunday leaves Boxing Day on Mon 26 and moves Christmas
 * to Tue 27.
 */
function withSubstitutes(fixed: readonly { date: DateTime; name: string }[]): BankHoliday[] {
  const taken = new Set(fixed.filter((h) => !isWeekend(h.date)).map((h) => toIsoDate(h.date)));
  return fixed.map(({ date, name }) => {
    if (!isWeekend(date)) return { date: toIsoDate(date), name };
    let substitute = date;
    while (isWeekend(substitute) || taken.has(toIsoDate(substitute))) {
      substitute = substitute.plus({ days: 1 });
    }
    taken.add(toIsoDate(substitute));
    return { date: toIsoDate(substitute), name: `${name} (substitute day)` };
  });
}

function standingHolidays(year: number): BankHoliday[] {
  const easter = parseIsoDate(easterSunday(year));
  return [
    ...withSubstitutes([{ date: calendarDate(year, 1, 1), name: "New Year's Day" }]),
    { date: toIsoDate(easter.minus({ days: 2 })), name: "Good Friday" },
    { date: toIsoDate(easter.plus({ days: 1 })), name: "Easter Monday" },
    { date: toIsoDate(firstMondayOf(year, 5)), name: "Early May bank holiday" },
    { date: toIsoDate(lastMondayOf(year, 5)), name: "Spring bank holiday" },
    { date: toIsoDate(lastMondayOf(year, 8)), name: "Summer bank holiday" },
    ...withSubstitutes([
      { date: calendarDate(year, 12, 25), name: "Christmas Day" },
      { date: calendarDate(year, 12, 26), name: "Boxing Day" },
    ]),
  ];
}

/**
 * England and Wales bank holidays for `year`, sorted by date: the standing rules
 * (in force since the early May holiday began in 1978; earlier years are computed
 * by the same rules and are not historical) plus the one-off changes for that year.
 */
export function englandAndWalesBankHolidays(
  year: number,
  oneOffChanges: readonly OneOffChange[] = KNOWN_ONE_OFF_CHANGES,
): BankHoliday[] {
  const inYear = (date: IsoDate) => parseIsoDate(date).year === year;
  const moved = new Set(oneOffChanges.flatMap((c) => (c.replaces !== undefined && inYear(c.replaces) ? [c.replaces] : [])));
  const added = oneOffChanges.filter((c) => inYear(c.date)).map(({ date, name }) => ({ date, name }));
  return [...standingHolidays(year).filter((h) => !moved.has(h.date)), ...added].sort((x, y) =>
    x.date < y.date ? -1 : x.date > y.date ? 1 : 0,
  );
}
