import { DateTime } from "luxon";
import { DAY_MS } from "../workingTime/localTime.js";
import { zoneOffsets } from "../workingTime/zoneOffsets.js";
import type { GroupCell } from "./counts.js";
import type { WeekTrend } from "./types.js";

const weekName = (weekYear: number, weekNumber: number) => `${weekYear}-W${String(weekNumber).padStart(2, "0")}`;

/** "2023-W02" for the ISO week (Monday to Sunday, local time) containing the instant. */
export function isoWeekOf(instant: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(instant, { zone: timeZone });
  return weekName(local.weekYear, local.weekNumber);
}

/** isoWeekOf for many instants: one offset per UTC day and one calendar reckoning per local day. */
function isoWeeks(timeZone: string): (instant: Date) => string {
  const offsetAt = zoneOffsets(timeZone);
  const byLocalDay = new Map<number, string>();
  return (instant) => {
    const t = instant.getTime();
    const localDay = Math.floor((t + offsetAt(t) * 60_000) / DAY_MS);
    let week = byLocalDay.get(localDay);
    if (week === undefined) {
      const date = DateTime.fromMillis(localDay * DAY_MS, { zone: "utc" });
      byLocalDay.set(localDay, (week = weekName(date.weekYear, date.weekNumber)));
    }
    return week;
  };
}

const emptyWeek = (): Omit<WeekTrend, "week" | "start"> => ({ randomisedSrc: 0, randomisedBau: 0, delivered: 0, attritionSrc: { events: 0, n: 0 }, attritionBau: { events: 0, n: 0 } });

/**
 * Randomised cases by the ISO week they were allocated in, every week from the first to the last, so a quiet week shows
 * as a zero rather than disappearing. Each cell's cases lie within one local day, placed by the cell's key. Attrition
 * counts each week's cases whose outcome is known.
 */
export function weeklyTrend(cells: readonly GroupCell<Date>[], timeZone: string): WeekTrend[] {
  if (cells.length === 0) return [];
  const weekOf = isoWeeks(timeZone);
  const byWeek = new Map<string, Omit<WeekTrend, "week" | "start">>();
  let first = Infinity;
  let last = -Infinity;
  for (const cell of cells) {
    const t = cell.key.getTime();
    first = Math.min(first, t);
    last = Math.max(last, t);
    const week = weekOf(cell.key);
    let counts = byWeek.get(week);
    if (counts === undefined) byWeek.set(week, (counts = emptyWeek()));
    const attrition = cell.arm === "SRC" ? counts.attritionSrc : counts.attritionBau;
    attrition.events += cell.attrition;
    attrition.n += cell.analysed;
    if (cell.arm === "SRC") {
      counts.randomisedSrc += cell.cases;
      counts.delivered += cell.delivered;
    } else {
      counts.randomisedBau += cell.cases;
    }
  }
  const mondayOf = (t: number) => DateTime.fromMillis(t, { zone: timeZone }).startOf("week");
  const lastMonday = mondayOf(last);
  const weeks: WeekTrend[] = [];
  for (let monday = mondayOf(first); monday <= lastMonday; monday = monday.plus({ weeks: 1 })) {
    const start = monday.toJSDate();
    const week = isoWeekOf(start, timeZone);
    const counts = byWeek.get(week) ?? emptyWeek();
    weeks.push({ week, start, ...counts });
  }
  return weeks;
}
