import { percent } from "../../domain/trialStats/format.js";
import type { WeekTrend } from "../../domain/trialStats/types.js";
import type { StatsRow } from "./statsRow.js";

// A card holds about 28 KB in Teams; past this the rest is counted, not listed (`reassure stats` has everything).
const MAX_WEEKS = 12;

/**
 * Colours from Teams' chart palette: SRC in blues, BAU in warm colours; the light one for a total (randomised, outcome
 * known), the dark one for the part of it that matters (delivered, attrition), so arms and pairs read apart at a glance.
 */
type ChartColor = "divergingBlue" | "divergingLightBlue" | "divergingPeach" | "divergingRed";

/** One series of a Teams `Chart.VerticalBar.Grouped`: a bar per week, in week order. */
export interface ChartSeries {
  legend: string;
  color: ChartColor;
  values: { x: string; y: number }[];
}

export interface StatsTrendView {
  trendTitle: string;
  /** The text table: what clients without Teams charts draw instead of the charts; most recent week first. */
  trend: StatsRow[];
  trendMore: string;
  /** Randomised per week by arm, and SRC delivered: oldest week on the left, like any time axis. */
  randomisedChart: ChartSeries[];
  /** Attrition per week by arm beside its denominator (cases with a known outcome), so a bar of 1 is read as "1 of 2". */
  attritionChart: ChartSeries[];
  /** False until some week has a case with a known outcome: a chart of zeros would read as "no attrition". */
  attritionKnown: boolean;
}

const rate = (count: number, of: number) => (of === 0 ? "—" : percent(count / of));

function series(legend: string, color: ChartColor, weeks: readonly WeekTrend[], y: (w: WeekTrend) => number): ChartSeries {
  return { legend, color, values: weeks.map((w) => ({ x: w.week, y: y(w) })) };
}

/** The last weeks of the report's trend (every week is already there, quiet ones as zeros), as a table and as charts. */
export function statsTrendView(trend: readonly WeekTrend[]): StatsTrendView {
  const weeks = trend.slice(-MAX_WEEKS);
  return {
    trendTitle: weeks.length === 0 ? "Weekly trend: no cases randomised in this period." : "Weekly trend",
    trend: [...weeks].reverse().map((w) => ({
      title: w.week,
      value: `randomised SRC ${w.randomisedSrc}, BAU ${w.randomisedBau} · delivered ${w.delivered} (${rate(w.delivered, w.randomisedSrc)}) · attrition SRC ${w.attritionSrc.events} of ${w.attritionSrc.n}, BAU ${w.attritionBau.events} of ${w.attritionBau.n}`,
    })),
    trendMore: trend.length > weeks.length ? `${trend.length - weeks.length} earlier weeks not shown: reassure stats lists them all.` : "",
    randomisedChart: [
      series("SRC randomised", "divergingLightBlue", weeks, (w) => w.randomisedSrc),
      series("SRC delivered", "divergingBlue", weeks, (w) => w.delivered),
      series("BAU randomised", "divergingPeach", weeks, (w) => w.randomisedBau),
    ],
    attritionChart: [
      series("SRC outcome known", "divergingLightBlue", weeks, (w) => w.attritionSrc.n),
      series("SRC attrition", "divergingBlue", weeks, (w) => w.attritionSrc.events),
      series("BAU outcome known", "divergingPeach", weeks, (w) => w.attritionBau.n),
      series("BAU attrition", "divergingRed", weeks, (w) => w.attritionBau.events),
    ],
    attritionKnown: weeks.some((w) => w.attritionSrc.n + w.attritionBau.n > 0),
  };
}
