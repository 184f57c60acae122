import { DateTime } from "luxon";
import { isAnalysed, type TrialCase } from "./trialCases.js";
import type { WeekTrend } from "./types.js";

/** "2023-W02" for the ISO week (Monday to Sunday, local time) containing the instant. */
export function isoWeekOf(instant: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(instant, { zone: timeZone });
  return `${local.weekYear}-W${String(local.weekNumber).padStart(2, "0")}`;
}

/**
 * Randomised cases by the ISO week they were allocated in, every week from the first to the last, so a quiet week shows
 * as a zero rather than disappearing. Attrition counts each week's cases whose outcome is known.
 */
export function weeklyTrend(randomised: readonly TrialCase[], timeZone: string): WeekTrend[] {
  if (randomised.length === 0) return [];
  const byWeek = new Map<string, TrialCase[]>();
  for (const c of randomised) {
    const week = isoWeekOf(c.fact.allocatedAt, timeZone);
    byWeek.set(week, [...(byWeek.get(week) ?? []), c]);
  }
  const mondayOf = (at: Date) => DateTime.fromJSDate(at, { zone: timeZone }).startOf("week");
  const times = randomised.map((c) => c.fact.allocatedAt.getTime());
  const last = mondayOf(new Date(times.reduce((a, b) => Math.max(a, b))));
  const attrition = (cases: TrialCase[]) => ({ events: cases.filter((c) => isAnalysed(c) && c.events.attrition).length, n: cases.filter(isAnalysed).length });
  const weeks: WeekTrend[] = [];
  for (let monday = mondayOf(new Date(times.reduce((a, b) => Math.min(a, b)))); monday <= last; monday = monday.plus({ weeks: 1 })) {
    const start = monday.toJSDate();
    const week = isoWeekOf(start, timeZone);
    const inWeek = byWeek.get(week) ?? [];
    const src = inWeek.filter((c) => c.fact.arm === "SRC");
    const bau = inWeek.filter((c) => c.fact.arm === "BAU");
    weeks.push({
      week,
      start,
      randomisedSrc: src.length,
      randomisedBau: bau.length,
      delivered: src.filter((c) => c.fact.delivered).length,
      attritionSrc: attrition(src),
      attritionBau: attrition(bau),
    });
  }
  return weeks;
}
