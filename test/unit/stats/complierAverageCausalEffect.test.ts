import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { complierAverageCausalEffect, StatsInputError } from "../../../src/stats/index.js";

describe("complierAverageCausalEffect", () => {
  it("hand-worked pilot-like example: 30/125 v 39/125, SRC delivered to 106 of 125, 24 events among them", () => {
    // By hand, with exact fractions:
    //   risks 30/125 = 0.24 and 39/125 = 0.312; ITT RD = −0.072; ITT RR = 0.24/0.312 = 10/13.
    //   compliance 106/125 = 0.848 in SRC, 0 in BAU → difference 0.848.
    //   CACE = −0.072/0.848 = −72/848 = −9/106 ≈ −0.0849 (ITT −7.2 points becomes −8.5 among compliers).
    //   Relative to control risk: (−9/106)/0.312 × 100 = −900/33.072 ≈ −27.2% (ITT: −23.1%).
    //   Complier risk treated = 24/106. Never-takers: 19 cases, 30 − 24 = 6 events → 6/19.
    //   Complier risk untreated = (0.312 − (19/125)·(6/19))/0.848 = (0.312 − 0.048)/0.848 = 33/106.
    //   Check: 24/106 − 33/106 = −9/106 = CACE.
    const result = complierAverageCausalEffect({
      eventsT: 30,
      nT: 125,
      eventsC: 39,
      nC: 125,
      treatedT: 106,
      treatedC: 0,
      eventsAmongTreatedT: 24,
    });
    expect(result.riskTreatment).toBeCloseTo(0.24, 15);
    expect(result.riskControl).toBeCloseTo(0.312, 15);
    expect(result.ittRd).toBeCloseTo(-0.072, 15);
    expect(result.ittRr).toBeCloseTo(10 / 13, 15);
    expect(result.complianceDifference).toBeCloseTo(0.848, 15);
    expect(result.caceRd).toBeCloseTo(-9 / 106, 15);
    expect(result.fullComplianceRelativeChangePct).toBeCloseTo(-900 / 33.072, 12);
    expect(result.complierRiskTreated).toBeCloseTo(24 / 106, 15);
    expect(result.complierRiskUntreated).toBeCloseTo(33 / 106, 15);
  });

  it("turns the pilot's 22% ITT reduction at 85% delivery into about 26%", () => {
    // Control risk 0.4, treatment 0.312 (RR 0.78), delivery 85 of 100 → −22%/0.85 = −25.88%.
    const result = complierAverageCausalEffect({ eventsT: 312, nT: 1000, eventsC: 400, nC: 1000, treatedT: 850, treatedC: 0 });
    expect(result.fullComplianceRelativeChangePct).toBeCloseTo(-22 / 0.85, 10);
    expect(result.complierRiskTreated).toBeNull();
  });

  it("divides by the difference in receipt rates when the control arm is contaminated, and then gives no complier risks", () => {
    const result = complierAverageCausalEffect({
      eventsT: 20,
      nT: 100,
      eventsC: 30,
      nC: 100,
      treatedT: 80,
      treatedC: 10,
      eventsAmongTreatedT: 15,
    });
    expect(result.complianceDifference).toBeCloseTo(0.7, 15);
    expect(result.caceRd).toBeCloseTo(-0.1 / 0.7, 14);
    expect(result.complierRiskTreated).toBeNull();
    expect(result.complierRiskUntreated).toBeNull();
  });

  it("reports no CACE when delivery does not differ between arms", () => {
    const result = complierAverageCausalEffect({ eventsT: 20, nT: 100, eventsC: 30, nC: 100, treatedT: 0, treatedC: 0 });
    expect(result.caceRd).toBeNull();
    expect(result.fullComplianceRelativeChangePct).toBeNull();
  });

  it("complier risks always differ by exactly the CACE under one-sided non-compliance", () => {
    const arm = fc
      .record({ nT: fc.integer({ min: 1, max: 300 }), nC: fc.integer({ min: 1, max: 300 }) })
      .chain(({ nT, nC }) =>
        fc.record({
          nT: fc.constant(nT),
          nC: fc.constant(nC),
          eventsC: fc.integer({ min: 0, max: nC }),
          treatedT: fc.integer({ min: 1, max: nT }),
        }),
      )
      .chain((base) =>
        fc.record({
          base: fc.constant(base),
          eventsAmongTreatedT: fc.integer({ min: 0, max: base.treatedT }),
          eventsAmongUntreatedT: fc.integer({ min: 0, max: base.nT - base.treatedT }),
        }),
      );
    fc.assert(
      fc.property(arm, ({ base, eventsAmongTreatedT, eventsAmongUntreatedT }) => {
        const result = complierAverageCausalEffect({
          ...base,
          eventsT: eventsAmongTreatedT + eventsAmongUntreatedT,
          treatedC: 0,
          eventsAmongTreatedT,
        });
        const difference = (result.complierRiskTreated ?? Number.NaN) - (result.complierRiskUntreated ?? Number.NaN);
        expect(Math.abs(difference - (result.caceRd ?? Number.NaN))).toBeLessThan(1e-9);
      }),
      { numRuns: 500 },
    );
  });

  it("names the inconsistent argument", () => {
    const valid = { eventsT: 30, nT: 125, eventsC: 39, nC: 125, treatedT: 106, treatedC: 0 };
    const cases: [Record<string, number>, string][] = [
      [{ treatedT: 126 }, "treated-t"],
      [{ treatedC: -1 }, "treated-c"],
      [{ eventsAmongTreatedT: 107 }, "events-among-treated-t"],
      [{ eventsAmongTreatedT: 31 }, "events-among-treated-t"],
      // 30 events but only 19 untreated: at least 11 events must be among the treated.
      [{ eventsAmongTreatedT: 10 }, "events-among-treated-t"],
      [{ eventsC: 126 }, "events-c"],
    ];
    for (const [override, argument] of cases) {
      let caught: unknown;
      try {
        complierAverageCausalEffect({ ...valid, ...override });
      } catch (error) {
        caught = error;
      }
      expect(caught, JSON.stringify(override)).toBeInstanceOf(StatsInputError);
      expect((caught as StatsInputError).argument).toBe(argument);
    }
  });
});
