import { describe, expect, it } from "vitest";
import type { TrialFact } from "../../../src/domain/compliance/facts.js";
import { buildTrialReport } from "../../../src/domain/trialStats/report.js";
import type { TwoByTwoResult } from "../../../src/stats/index.js";
import { expected, relativeMismatch, type ExpectedTable } from "../stats/expectedValues.js";
import { DAY, OPTIONS, fact, pilotAssessed, pilotFacts, tableFacts, withOutcome } from "./fixtures.js";

const table = (name: string): ExpectedTable => {
  const found = expected.tables.find((t) => t.name === name);
  if (!found) throw new Error(`no reference table ${name}`);
  return found;
};

const FIELDS = ["riskTreatment", "riskControl", "rr", "rrLower", "rrUpper", "rd", "rdLower", "rdUpper", "fisherP", "chiSquare", "chiSquareP", "chiSquareYates", "chiSquareYatesP"] as const;

/** Every field within 1e-7 relative of R; flags exactly. */
function mismatches(actual: TwoByTwoResult | null, wanted: Omit<ExpectedTable, "name" | "eventsT" | "nT" | "eventsC" | "nC">): string[] {
  if (actual === null) return ["no result"];
  const problems = FIELDS.map((f) => relativeMismatch(actual[f], wanted[f], 1e-7)).map((p, i) => (p === null ? null : `${FIELDS[i]}: ${p}`));
  if (actual.rrCorrected !== wanted.rrCorrected) problems.push("rrCorrected");
  if (actual.expectedBelow5 !== wanted.expectedBelow5) problems.push("expectedBelow5");
  return problems.filter((p): p is string => p !== null);
}

describe("buildTrialReport on the pilot-like trial", () => {
  const facts = pilotFacts();
  const report = buildTrialReport(facts, pilotAssessed(facts), OPTIONS);

  it("counts the CONSORT flow as constructed", () => {
    const f = report.flow;
    expect(f.assessed).toBe(258 + 4 + 7 + 2);
    expect(f.ineligible).toEqual({
      total: 7,
      reasons: [
        { reason: "non-crime hate incident", count: 4 },
        // HCOP exclusions are free text about one case: counted together, never quoted.
        { reason: "excluded before randomisation", count: 3 },
      ],
    });
    expect(f.notAllocated).toBe(2);
    expect(f.rollout).toEqual({ allocated: 4, delivered: 3 });
    expect(f.randomised).toBe(130 + 128);
    expect(f.src).toEqual({
      allocated: 130,
      excludedAfterRandomisation: 2,
      outcomeKnown: 125,
      inFollowUp: 2,
      censored: 3,
      analysed: 125,
      delivered: 108,
      // 19 analysed + claimed 2 in follow-up + unable 1 censored = 22 = 130 − 108.
      notDelivered: { total: 22, excluded: 2, unableToContact: 8, stillOpen: 5, unclaimed: 4, expired: 3 },
    });
    expect(f.bau).toEqual({ allocated: 128, excludedAfterRandomisation: 1, outcomeKnown: 125, inFollowUp: 1, censored: 2, analysed: 125 });
    expect(report.delivery).toEqual({ count: 108, of: 130, rate: 108 / 130 });
  });

  it("analyses attrition by intention to treat exactly as R does for 30/125 v 39/125", () => {
    const a = report.outcomes.attrition;
    expect([a.src, a.bau]).toEqual([{ events: 30, n: 125 }, { events: 39, n: 125 }]);
    expect(mismatches(a.result, table("pilot-like attrition"))).toEqual([]);
  });

  it("analyses charge exactly as R does for 5/125 v 3/125, warning of expected counts below 5", () => {
    const c = report.outcomes.charge;
    expect([c.src, c.bau]).toEqual([{ events: 5, n: 125 }, { events: 3, n: 125 }]);
    expect(mismatches(c.result, table("rare outcome pilot size (charge)"))).toEqual([]);
    expect(c.reading).toContain("An expected count is below 5");
  });

  it("analyses positive outcomes (9/125 v 15/125) as R 4.2.2 does", () => {
    const p = report.outcomes.positive;
    expect([p.src, p.bau]).toEqual([{ events: 9, n: 125 }, { events: 15, n: 125 }]);
    // R: Katz interval and Newcombe method 10 as in reference/make-expected.R; fisher.test and chisq.test(correct = FALSE).
    const r = p.result!;
    expect(r.rr).toBeCloseTo(0.6, 12);
    expect(r.rrLower).toBeCloseTo(0.27276227210534293, 10);
    expect(r.rrUpper).toBeCloseTo(1.31983062474624457, 10);
    expect(r.rdLower).toBeCloseTo(-0.124389928039388697, 10);
    expect(r.rdUpper).toBeCloseTo(0.026904699563856438, 10);
    expect(r.fisherP).toBeCloseTo(0.28294865989428797, 8);
    expect(r.chiSquareP).toBeCloseTo(0.19769893892483484, 8);
  });

  it("leaves rollout cases, censored outcomes and outcomes outside the window out of every denominator", () => {
    // Rollout cases all had attrition, the censored ones too: had they counted, attrition would not be 30/125 and 39/125.
    expect(report.outcomes.attrition.src.n + report.outcomes.attrition.bau.n).toBe(250);
  });

  it("gives the complier average causal effect: −7.2 points ÷ 0.848 = −9/106", () => {
    const c = report.complier!;
    expect(c.receivedSrc).toBe(106);
    expect(c.receivedBau).toBe(0);
    expect(c.result.caceRd).toBeCloseTo(-9 / 106, 14);
    expect(c.result.fullComplianceRelativeChangePct).toBeCloseTo(-900 / 33.072, 11);
    expect(c.result.complierRiskTreated).toBeCloseTo(24 / 106, 14);
    expect(c.result.complierRiskUntreated).toBeCloseTo(33 / 106, 14);
    expect(c.reading).toContain("84.8% of analysed SRC cases received SRC (106 of 125)");
    expect(c.reading).toContain("−8.5 points, 27.2% lower attrition");
    expect(c.reading).toContain("−7.2 points, 23.1% lower attrition");
  });

  it("labels per-protocol as biased: delivered SRC 24/106 v BAU 39/125, as R", () => {
    const pp = report.perProtocol!;
    expect(pp.biased).toBe(true);
    expect(pp.caveat).toMatch(/biased/);
    expect(pp.rr).toBeCloseTo(0.72568940493468792, 12);
    expect(pp.rrLower).toBeCloseTo(0.46844306972997846, 10);
    expect(pp.rrUpper).toBeCloseTo(1.12420301732293848, 10);
    expect(pp.fisherP).toBeCloseTo(0.18209842183993744, 8);
  });

  it("gives the power this sample had against the pilot's effect (R power.prop.test(125, 0.312, 0.312 × 0.78))", () => {
    const p = report.power;
    expect(p.controlRiskSource).toBe("observed");
    expect(p.controlRisk).toBeCloseTo(0.312, 15);
    expect(p.treatmentRisk).toBeCloseTo(0.312 * 0.78, 15);
    expect(p.nPerArm).toBe(125);
    expect(p.power).toBeCloseTo(0.22647301783121057, 6);
    // R: power.prop.test(p1 = 0.312, p2 = 0.312 * 0.78, power = 0.8)$n = 667.098 → 668 per arm.
    expect(p.nPerArmFor80).toBe(668);
    expect(p.reading).toContain("was 23%: too low to rely on; about 668 per arm are needed for 80%");
  });

  it("says honestly that the difference could be chance and that the sample cannot detect the pilot's effect", () => {
    expect(report.headline).toBe(
      "Attrition was 24.0% with SRC and 31.2% without: relative risk 0.77 (95% CI 0.51–1.15), Fisher p = 0.26. This could be chance. " +
        "With 125 analysed cases per arm the sample had 23% power to detect an effect the size of the pilot's (22% lower attrition): " +
        "it cannot detect an effect of that size (about 668 per arm are needed for 80%).",
    );
  });

  it("projects to the force with the RR interval and the complier effect", () => {
    const p = report.projection!;
    const t = table("pilot-like attrition");
    expect(p.intentionToTreat.fewerWithdrawals).toBeCloseTo(6839 * (3 / 13), 9);
    expect(p.intentionToTreat.interval!.lower.fewerWithdrawals).toBeCloseTo(6839 * (1 - t.rrUpper), 6);
    expect(p.intentionToTreat.interval!.upper.fewerWithdrawals).toBeCloseTo(6839 * (1 - t.rrLower), 6);
    expect(p.intentionToTreat.shareOfCases).toBeCloseTo((6839 * (3 / 13)) / 22421, 12);
    expect(p.fullDelivery!.fewerWithdrawals).toBeCloseTo(6839 * (900 / 33.072 / 100), 8);
    // 6839 × 3/13 = 1578.2; × (1 − 1.1548) = −1058.8; × (1 − 0.5124) = 3334.8; × 0.27213 = 1861.1.
    expect(p.reading).toContain("about 1,578 fewer withdrawals a year (95% CI from 1,059 more to 3,335 fewer)");
    expect(p.reading).toContain("with every contact delivered, about 1,861 fewer");
  });

  it("gives the weekly trend from the first to the last week, quiet weeks as zeros", () => {
    // W02 (9 Jan) to W20 (15–21 May): 19 weeks.
    expect(report.trend.map((w) => w.week)).toEqual(Array.from({ length: 19 }, (_, i) => `2023-W${String(i + 2).padStart(2, "0")}`));
    const [w02, w03] = report.trend;
    // W02: SRC analysed 0–59 (all delivered, attrition 0–23) + 3 censored (2 delivered); BAU 0–59 (attrition 0–38) + 2 censored.
    expect(w02).toMatchObject({ randomisedSrc: 63, randomisedBau: 62, delivered: 62, attritionSrc: { events: 24, n: 60 }, attritionBau: { events: 39, n: 60 } });
    expect(w02!.start).toEqual(new Date("2023-01-09T00:00:00Z"));
    // W03: SRC 60–124 (46 delivered, attrition 106–111); BAU 60–124, none.
    expect(w03).toMatchObject({ randomisedSrc: 65, randomisedBau: 65, delivered: 46, attritionSrc: { events: 6, n: 65 }, attritionBau: { events: 0, n: 65 } });
    expect(report.trend.at(-1)).toMatchObject({ week: "2023-W20", randomisedSrc: 2, randomisedBau: 1, delivered: 0 });
    expect(report.trend.slice(2, -1).every((w) => w.randomisedSrc + w.randomisedBau === 0)).toBe(true);
  });

  it("has no strand breakdown when strands are not stored", () => {
    expect(report.byStrand).toBeNull();
    expect(report.byWard).toEqual([
      { key: "E05000001", randomisedSrc: 130, delivered: 108, randomisedBau: 128, analysedSrc: 125, attritionSrc: 30, analysedBau: 125, attritionBau: 39 },
    ]);
  });
});

describe("buildTrialReport against R for other tables", () => {
  for (const name of ["zero events in treatment", "tiny with a zero cell", "thousand per arm", "mid 250 per arm", "strong effect small"]) {
    it(name, () => {
      const t = table(name);
      const report = buildTrialReport(tableFacts(t.eventsT, t.nT, t.eventsC, t.nC), [], OPTIONS);
      expect(mismatches(report.outcomes.attrition.result, t)).toEqual([]);
    });
  }

  it("calls a significant result with low power likely to overstate the effect (100/1000 v 130/1000)", () => {
    const report = buildTrialReport(tableFacts(100, 1000, 130, 1000), [], OPTIONS);
    // R: power.prop.test(n = 1000, p1 = 0.13, p2 = 0.13 * 0.78)$power = 0.5157.
    expect(report.power.power).toBeCloseTo(0.51571652977648674, 6);
    expect(report.headline).toContain("A difference this large would be unlikely if SRC made none.");
    expect(report.headline).toContain("52% power");
    expect(report.headline).toContain("probably overstates the true effect");
  });

  it("says a null result from a well-powered sample is unlikely to have missed the pilot's effect (600/2000 v 600/2000)", () => {
    const report = buildTrialReport(tableFacts(600, 2000, 600, 2000), [], OPTIONS);
    // R: power.prop.test(n = 2000, p1 = 0.3, p2 = 0.3 * 0.78)$power = 0.99716.
    expect(report.power.power).toBeCloseTo(0.99715827188420603, 6);
    expect(report.headline).toContain("This could be chance.");
    expect(report.headline).toContain("an effect that large is unlikely to have been missed");
  });

  it("calls it borderline when the interval and Fisher's test disagree (0/10 v 5/10: CI to 1.45, p = 0.033)", () => {
    const report = buildTrialReport(tableFacts(0, 10, 5, 10), [], OPTIONS);
    expect(report.headline).toContain("The evidence is borderline");
    expect(report.outcomes.attrition.reading).toContain("A cell is zero, so the relative risk adds 0.5 to every cell.");
  });

  it("falls back to the pilot's 31% when BAU attrition is unobserved, and says nothing can be compared yet", () => {
    const srcOnly = tableFacts(2, 4, 0, 0);
    const report = buildTrialReport(srcOnly, [], OPTIONS);
    expect(report.outcomes.attrition.result).toBeNull();
    expect(report.outcomes.attrition.reading).toBe("Victim attrition: nothing to compare yet — no BAU case has an outcome within 90 days of randomisation.");
    expect(report.headline).toBe(report.outcomes.attrition.reading);
    expect(report.power).toMatchObject({ controlRisk: 0.31, controlRiskSource: "pilot", nPerArm: 0, power: null });
    // R: power.prop.test(p1 = 0.31, p2 = 0.31 * 0.78, power = 0.8)$n = 673.07 → 674.
    expect(report.power.nPerArmFor80).toBe(674);
    expect(report.complier).toBeNull();
    expect(report.perProtocol).toBeNull();
    expect(report.projection).toBeNull();
  });

  it("reports an empty period without failing", () => {
    const report = buildTrialReport([], [], OPTIONS);
    expect(report.flow.randomised).toBe(0);
    expect(report.delivery.rate).toBeNull();
    expect(report.trend).toEqual([]);
    expect(report.byWard).toEqual([]);
  });
});

describe("the follow-up window", () => {
  const allocatedAt = new Date("2023-03-01T09:00:00Z");
  const end = allocatedAt.getTime() + 90 * DAY;
  const at = (ms: number) => new Date(ms);
  const src = (outcomeDate?: Date, code = "14") => fact({ arm: "SRC", allocatedAt, outcomeCode: outcomeDate ? code : undefined, outcomeDate });

  function states(facts: TrialFact[], now: Date) {
    const f = buildTrialReport(facts, [], { ...OPTIONS, now }).flow.src;
    return { known: f.outcomeKnown, inFollowUp: f.inFollowUp, censored: f.censored };
  }

  it("counts an outcome dated exactly N days after randomisation, not one a millisecond later", () => {
    expect(states([src(at(end))], at(end + DAY))).toEqual({ known: 1, inFollowUp: 0, censored: 0 });
    expect(states([src(at(end + 1))], at(end + DAY))).toEqual({ known: 0, inFollowUp: 0, censored: 1 });
  });

  it("keeps a case without outcome in follow-up until the window closes, then censors it", () => {
    expect(states([src()], at(end - 1))).toEqual({ known: 0, inFollowUp: 1, censored: 0 });
    expect(states([src()], at(end))).toEqual({ known: 0, inFollowUp: 0, censored: 1 });
  });

  it("uses the configured window and outcome codes, ignoring case", () => {
    const facts = [src(at(allocatedAt.getTime() + 20 * DAY), "1a"), fact({ arm: "BAU", allocatedAt, outcomeCode: "18", outcomeDate: at(allocatedAt.getTime() + 20 * DAY) })];
    const short = buildTrialReport(facts, [], { ...OPTIONS, followUpDays: 10, now: at(end) });
    expect(short.outcomes.attrition.src.n).toBe(0);
    const local = buildTrialReport(facts, [], { ...OPTIONS, outcomes: { ...OPTIONS.outcomes, attrition: ["1A"] }, now: at(end) });
    expect(local.outcomes.attrition.src).toEqual({ events: 1, n: 1 });
  });
});

describe("weekly trend weeks", () => {
  it("uses ISO weeks in local time, across a year end and a British Summer Time midnight", () => {
    const facts = [
      fact({ arm: "SRC", allocatedAt: new Date("2023-01-01T12:00:00Z") }), // Sunday 1 Jan 2023: ISO week 2022-W52
      fact({ arm: "BAU", allocatedAt: new Date("2023-07-09T22:30:00Z") }), // Sun 9 Jul 23:30 BST: 2023-W27
      fact({ arm: "SRC", allocatedAt: new Date("2023-07-09T23:30:00Z") }), // Mon 10 Jul 00:30 BST: 2023-W28
    ];
    const trend = buildTrialReport(facts, [], OPTIONS).trend;
    const byWeek = new Map(trend.map((w) => [w.week, w]));
    expect(trend[0]!.week).toBe("2022-W52");
    expect(trend.at(-1)!.week).toBe("2023-W28");
    expect(trend).toHaveLength(29); // 2022-W52, then 2023-W01 … W28
    expect(byWeek.get("2023-W27")).toMatchObject({ randomisedSrc: 0, randomisedBau: 1 });
    expect(byWeek.get("2023-W28")).toMatchObject({ randomisedSrc: 1, randomisedBau: 0, start: new Date("2023-07-09T23:00:00Z") });
  });
});

describe("breakdowns suppress small cells", () => {
  /** A ward's randomised cases: SRC (delivered, analysed, attrition) and BAU (analysed, attrition). */
  function ward(code: string, strands: string[], s: [number, number, number, number], b: [number, number, number]): TrialFact[] {
    const allocatedAt = new Date("2023-01-10T10:00:00Z");
    const make = (arm: "SRC" | "BAU", i: number, delivered: boolean, analysed: number, events: number) => {
      const f = fact({ arm, allocatedAt, wardCode: code, strands, delivered, referralStatus: arm === "SRC" ? (delivered ? "completed" : "posted") : undefined });
      return i < analysed ? withOutcome(f, i < events ? "14" : "18") : f;
    };
    return [
      ...Array.from({ length: s[0] }, (_, i) => make("SRC", i, i < s[1], s[2], s[3])),
      ...Array.from({ length: b[0] }, (_, i) => make("BAU", i, false, b[1], b[2])),
    ];
  }
  const facts = [
    ...ward("A", ["race"], [20, 18, 15, 6], [20, 16, 7]),
    ...ward("B", ["religion"], [8, 6, 8, 3], [9, 9, 5]),
    ...ward("C", ["race", "sexual orientation"], [6, 2, 6, 0], [7, 5, 2]),
  ];
  const report = buildTrialReport(facts, [], OPTIONS);

  it("hides counts below 5 (zero too), and the smallest other cell of a column with only one hidden", () => {
    expect(report.byWard).toEqual([
      { key: "A", randomisedSrc: 20, delivered: 18, randomisedBau: 20, analysedSrc: 15, attritionSrc: 6, analysedBau: 16, attritionBau: 7 },
      // delivered: only C's 2 is small, so B's 6 is hidden too; likewise attrition in BAU (C's 2, then B's 5).
      { key: "B", randomisedSrc: 8, delivered: "[c]", randomisedBau: 9, analysedSrc: 8, attritionSrc: "<5", analysedBau: 9, attritionBau: "[c]" },
      { key: "C", randomisedSrc: 6, delivered: "<5", randomisedBau: 7, analysedSrc: 6, attritionSrc: "<5", analysedBau: 5, attritionBau: "<5" },
    ]);
  });

  it("breaks down by strand when strands are stored, a case counting in each of its strands", () => {
    const rows = new Map(report.byStrand!.map((r) => [r.key, r]));
    expect([...rows.keys()]).toEqual(["race", "religion", "sexual orientation"]);
    expect(rows.get("race")).toMatchObject({ randomisedSrc: 26, delivered: 20, randomisedBau: 27, analysedSrc: 21, attritionSrc: 6 });
    expect(rows.get("sexual orientation")).toMatchObject({ randomisedSrc: 6, delivered: "<5", attritionSrc: "<5" });
  });
});
