import { describe, expect, it } from "vitest";
import { buildTrialReport } from "../../../src/domain/trialStats/report.js";
import { trialReportText } from "../../../src/domain/trialStats/summaryText.js";
import { renderCard } from "../../../src/teams/cards/render.js";
import { statsView } from "../../../src/teams/views/stats.js";
import { cardSchemaErrors } from "../../helpers/cardSchema.js";
import { leavesIn } from "../cards/cardWalk.js";
import { DAY, OPTIONS, fact, pilotAssessed, pilotFacts, withOutcome } from "./fixtures.js";

const format = (at: Date) => at.toISOString();
const TEAMS_CARD_BYTES = 28_000;

describe("the /stats card", () => {
  const facts = pilotFacts().map((f, i) => ({ ...f, strands: [i % 2 === 0 ? "STRAND-race" : "STRAND-religion"] }));
  const report = buildTrialReport(facts, pilotAssessed(facts), OPTIONS);
  const card = renderCard("stats", statsView(report, format));
  const text = leavesIn(card).map((l) => l.value).join("\n");

  it("pools attrition across BCUs when the area spans several, each BCU a row with small counts suppressed", () => {
    const twoUnits = facts.map((f, i) => ({ ...f, wardCode: i % 3 === 0 ? "E05009001" : "E05000001" }));
    const unitOf = new Map([["E05009001", "Central East"], ["E05000001", "South West"]]);
    const pooledReport = buildTrialReport(twoUnits, pilotAssessed(twoUnits), { ...OPTIONS, unitOf });
    const pooledCard = renderCard("stats", statsView(pooledReport, format));
    expect(cardSchemaErrors(pooledCard)).toEqual([]);
    const pooledText = leavesIn(pooledCard).map((l) => l.value).join("\n");
    expect(pooledText).toContain("Across BCUs (each BCU a stratum; counts below 5 shown as <5)");
    expect(pooledText).toContain(pooledReport.acrossUnits!.reading);
    expect(pooledReport.acrossUnits!.rows.map((r) => r.key)).toEqual(["Central East", "South West"]);
    expect(trialReportText(pooledReport)).toContain(pooledReport.acrossUnits!.reading);
    expect(text).not.toContain("Across BCUs");
  });

  it("is a valid Adaptive Card 1.5", () => {
    expect(card.version).toBe("1.5");
    expect(cardSchemaErrors(card)).toEqual([]);
  });

  it("shows the flow, delivery, each outcome by arm with its effect sizes, and the honest headline", () => {
    expect(text).toContain("271 cases received");
    expect(text).toContain("130 allocated · delivered 108 · not delivered 22 (8 unable to contact, 5 claimed, contact not yet made, 4 unclaimed or released, 3 expired, 2 excluded after randomisation)");
    expect(text).toContain("outcome known 125 · awaiting outcome 2 · no outcome within 90 days 3 → analysed 125");
    expect(text).toContain("Delivery: 108 of 130 randomised SRC cases received contact (83.1%).");
    expect(text).toContain("24.0% (30 of 125)");
    expect(text).toContain("0.77 (95% CI 0.51–1.15)");
    expect(text).toContain("Fisher p = 0.26");
    expect(text).toContain("Could be chance");
    expect(text).toContain("4.0% (5 of 125)"); // charge
    expect(text).toContain(report.headline);
    expect(text).toContain(report.complier!.reading);
    expect(text).toContain(report.power.reading);
    expect(text).toContain(report.projection!.reading);
    expect(text).toContain("Per-protocol (biased: for comparison only)");
    expect(text).toContain("2023-W20");
  });

  it("never shows the hate strand, although the report holds a strand breakdown", () => {
    expect(report.byStrand).not.toBeNull();
    expect(JSON.stringify(card)).not.toContain("STRAND-");
  });

  it("stays valid and within Teams' size limit for a long trial in many wards", () => {
    const start = new Date("2022-01-03T10:00:00Z").getTime();
    const many = Array.from({ length: 3000 }, (_, i) =>
      withOutcome(fact({ arm: i % 2 === 0 ? "SRC" : "BAU", allocatedAt: new Date(start + (i % 400) * DAY), wardCode: `E0500${String(i % 79).padStart(4, "0")}`, delivered: i % 4 === 0 }), i % 3 === 0 ? "14" : "18"),
    );
    const big = renderCard("stats", statsView(buildTrialReport(many, [], { ...OPTIONS, now: new Date("2024-01-01T00:00:00Z") }), format));
    expect(cardSchemaErrors(big)).toEqual([]);
    expect(JSON.stringify(big).length).toBeLessThan(TEAMS_CARD_BYTES);
    expect(leavesIn(big).map((l) => l.value).join("\n")).toContain("39 more wards");
  });

  it("is valid for an empty period", () => {
    const empty = renderCard("stats", statsView(buildTrialReport([], [], OPTIONS), format));
    expect(cardSchemaErrors(empty)).toEqual([]);
    expect(leavesIn(empty).map((l) => l.value).join("\n")).toContain("no cases randomised in this period");
  });
});

describe("the command line's text report", () => {
  it("lists the strand breakdown for analysts, marked sensitive, with small cells suppressed", () => {
    const facts = pilotFacts().map((f) => ({ ...f, strands: ["race"] }));
    const text = trialReportText(buildTrialReport(facts, pilotAssessed(facts), OPTIONS));
    expect(text).toContain("By strand (sensitive: do not publish)");
    expect(text).toMatch(/race\s+130\s+108\s+128\s+125\s+30\s+125\s+39/);
    expect(text).toContain("2023-W02");
  });
});
