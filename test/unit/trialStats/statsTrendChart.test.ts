import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { buildTrialReport } from "../../../src/domain/trialStats/report.js";
import type { WeekTrend } from "../../../src/domain/trialStats/types.js";
import { renderCard } from "../../../src/teams/cards/render.js";
import { statsView } from "../../../src/teams/views/stats.js";
import { statsTrendView } from "../../../src/teams/views/statsTrend.js";
import { cardSchemaErrors } from "../../helpers/cardSchema.js";
import { objectsIn } from "../cards/cardWalk.js";
import { DAY, OPTIONS, assessedFor, fact, withOutcome } from "./fixtures.js";

type Json = Record<string, unknown>;

const format = (at: Date) => at.toISOString();
const CHART = "Chart.VerticalBar.Grouped";

/**
 * Three weeks chosen here: W02 2023 (Mon 9 Jan) 3 SRC (2 delivered, 1 attrition of 2 with an outcome) and 2 BAU (both
 * attrition); W03 nothing; W04 (Mon 23 Jan) 1 SRC and 4 BAU (1 attrition of 3 with an outcome).
 */
function threeWeeks() {
  const w02 = new Date("2023-01-10T10:00:00Z");
  const w04 = new Date("2023-01-24T10:00:00Z");
  return [
    withOutcome(fact({ arm: "SRC", allocatedAt: w02, delivered: true, referralStatus: "completed" }), "14"),
    withOutcome(fact({ arm: "SRC", allocatedAt: w02, delivered: true, referralStatus: "completed" }), "18"),
    fact({ arm: "SRC", allocatedAt: w02 }),
    withOutcome(fact({ arm: "BAU", allocatedAt: w02 }), "14"),
    withOutcome(fact({ arm: "BAU", allocatedAt: w02 }), "16"),
    fact({ arm: "SRC", allocatedAt: w04 }),
    withOutcome(fact({ arm: "BAU", allocatedAt: w04 }), "14"),
    withOutcome(fact({ arm: "BAU", allocatedAt: w04 }), "2"),
    withOutcome(fact({ arm: "BAU", allocatedAt: w04 }), "18"),
    fact({ arm: "BAU", allocatedAt: w04 }),
  ];
}

function statsCard(facts = threeWeeks()) {
  return renderCard("stats", statsView(buildTrialReport(facts, assessedFor(facts), OPTIONS), format)) as Json;
}

const charts = (card: Json) => objectsIn(card.body).filter((o) => o.type === CHART);
const series = (chart: Json) => (chart.data as { legend: string; values: { x: string; y: number }[] }[]).map((s) => [s.legend, s.values.map((v) => `${v.x}:${v.y}`).join(" ")]);

describe("the weekly trend on the /stats card", () => {
  it("charts randomised and delivered, then attrition beside its denominator, per week by arm, oldest week first", () => {
    const [randomised, attrition] = charts(statsCard()) as [Json, Json];
    expect(series(randomised)).toEqual([
      ["SRC randomised", "2023-W02:3 2023-W03:0 2023-W04:1"],
      ["SRC delivered", "2023-W02:2 2023-W03:0 2023-W04:0"],
      ["BAU randomised", "2023-W02:2 2023-W03:0 2023-W04:4"],
    ]);
    expect(series(attrition)).toEqual([
      ["SRC outcome known", "2023-W02:2 2023-W03:0 2023-W04:0"],
      ["SRC attrition", "2023-W02:1 2023-W03:0 2023-W04:0"],
      ["BAU outcome known", "2023-W02:2 2023-W03:0 2023-W04:3"],
      ["BAU attrition", "2023-W02:2 2023-W03:0 2023-W04:1"],
    ]);
    expect(randomised.showBarValues).toBe(true); // small counts read as numbers, not bar heights
  });

  it("falls back to the text table, most recent week first, where charts cannot be drawn", () => {
    const [randomised, attrition] = charts(statsCard()) as [Json, Json];
    const facts = objectsIn(randomised.fallback).find((o) => o.type === "FactSet")!.facts as { title: string; value: string }[];
    expect(facts.map((f) => f.title)).toEqual(["2023-W04", "2023-W03", "2023-W02"]);
    expect(facts[2]!.value).toBe("randomised SRC 3, BAU 2 · delivered 2 (66.7%) · attrition SRC 1 of 2, BAU 2 of 2");
    expect(facts[1]!.value).toBe("randomised SRC 0, BAU 0 · delivered 0 (—) · attrition SRC 0 of 0, BAU 0 of 0");
    expect(attrition.fallback).toBe("drop"); // the table already holds the attrition figures
  });

  it("leaves out the attrition chart while no case has an outcome, and both charts when nothing was randomised", () => {
    const noOutcomes = threeWeeks().map((f) => ({ ...f, outcomeCode: undefined, outcomeDate: undefined }));
    expect(charts(statsCard(noOutcomes)).map((c) => c.title)).toEqual(["Cases randomised per week, and SRC contact delivered"]);
    const empty = statsCard([]);
    expect(charts(empty)).toEqual([]);
    expect(cardSchemaErrors(empty)).toEqual([]);
  });

  it("shows the last 12 weeks and counts the rest", () => {
    const weeks: WeekTrend[] = Array.from({ length: 14 }, (_, i) => ({
      week: `2023-W${String(i + 1).padStart(2, "0")}`,
      start: new Date(Date.UTC(2023, 0, 2) + i * 7 * DAY),
      randomisedSrc: i,
      randomisedBau: 0,
      delivered: 0,
      attritionSrc: { events: 0, n: 0 },
      attritionBau: { events: 0, n: 0 },
    }));
    const view = statsTrendView(weeks);
    expect(view.randomisedChart[0]!.values.map((v) => v.x)).toEqual(weeks.slice(2).map((w) => w.week));
    expect(view.trend.map((r) => r.title)).toEqual(weeks.slice(2).map((w) => w.week).reverse());
    expect(view.trendMore).toBe("2 earlier weeks not shown: reassure stats lists them all.");
    expect(view.attritionKnown).toBe(false);
  });
});

describe("card validation of Teams charts", () => {
  const card = statsCard();
  const chartAt = (c: Json) => (c.body as Json[]).findIndex((e) => e.type === CHART);
  const broken = (edit: (chart: Json) => void) => {
    const copy = structuredClone(card);
    edit((copy.body as Json[])[chartAt(copy)]!);
    return cardSchemaErrors(copy);
  };

  it("accepts the stats card: its charts by their schema, everything else (fallback included) by the official one", () => {
    expect(chartAt(card)).toBeGreaterThan(0);
    expect(cardSchemaErrors(card)).toEqual([]);
  });

  it("rejects a misspelt or undocumented chart property", () => {
    expect(broken((c) => ((c.xAxisTitel = c.xAxisTitle), delete c.xAxisTitle))).toEqual([expect.stringMatching(/^\/body\/\d+ must NOT have additional properties: xAxisTitel$/)]);
    expect(broken((c) => (c.yMax = 10))).toEqual([expect.stringContaining("additional properties: yMax")]);
  });

  it("rejects the wrong data shape", () => {
    expect(broken((c) => ((c.data as Json[])[0]!.values = [{ x: "2023-W02", y: "3" }]))).toEqual([expect.stringMatching(/\/data\/0\/values\/0\/y must be number$/)]);
    expect(broken((c) => ((c.data as Json[])[0]!.values = [{ x: "2023-W02" }]))).toEqual([expect.stringContaining("must have required property 'y'")]);
    expect(broken((c) => (c.data = [{ legend: "SRC", values: [], colour: "divergingBlue" }]))).toEqual([expect.stringContaining("additional properties: colour")]);
    expect(broken((c) => ((c.data as Json[])[1]!.color = "blue"))).toEqual([expect.stringContaining("/data/1/color must be equal to one of the allowed values")]);
    expect(broken((c) => delete c.data)).toEqual([expect.stringContaining("must have required property 'data'")]);
  });

  it("rejects an unknown chart type and a broken fallback, and still checks the rest of the card", () => {
    expect(broken((c) => (c.type = "Chart.VerticalBar.Grupped")).length).toBeGreaterThan(0);
    expect(broken((c) => (c.fallback = { type: "Container" })).join("\n")).toContain("must have required property 'items'");
    const copy = structuredClone(card);
    (copy.body as Json[])[0] = { type: "TextBlock" };
    expect(cardSchemaErrors(copy).join("\n")).toContain("must have required property 'text'");
  });
});

describe("the official Adaptive Cards renderer (a client without Teams charts)", () => {
  interface Parsed {
    getItemCount(): number;
    getItemAt(i: number): { getJsonTypeName(): string; toJSON(): Json };
  }
  interface Renderer {
    AdaptiveCard: new () => Parsed & { parse(json: unknown, context: unknown): void };
    SerializationContext: new () => { eventCount: number; getEventAt(i: number): { message: string } };
  }
  // The bundle the card gallery draws with; its ES module build does not load in Node.
  const AC = createRequire(import.meta.url)("adaptivecards/dist/adaptivecards.min.js") as Renderer;

  it("draws the weekly text table in place of the first chart and nothing for the second", () => {
    const card = statsCard();
    const parsed = new AC.AdaptiveCard();
    const context = new AC.SerializationContext();
    parsed.parse(card, context);
    const messages = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
    expect(messages).toEqual([`Unknown element type "${CHART}". Fallback will be used if present.`, `Unknown element type "${CHART}". Fallback will be used if present.`]);

    const body = card.body as Json[];
    const at = body.findIndex((e) => e.type === CHART);
    expect(parsed.getItemCount()).toBe(body.length - 1);
    const standIn = parsed.getItemAt(at);
    expect(standIn.getJsonTypeName()).toBe("Container");
    expect(JSON.stringify(standIn.toJSON())).toContain("randomised SRC 3, BAU 2 · delivered 2 (66.7%)");
    expect(parsed.getItemAt(at + 1).getJsonTypeName()).not.toBe(CHART);
  });
});
