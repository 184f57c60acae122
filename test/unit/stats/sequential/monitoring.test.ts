import { describe, expect, it } from "vitest";
import { designBoundaries, lookResult, monitorTrial, observedDifference, StatsInputError } from "../../../../src/stats/index.js";
import { designInput, referenceDesign, reference } from "./reference.js";

const FORMULA = 1e-7;
const ADJUSTED_P = 1e-6;

describe("monitorTrial against R (z and repeated CIs from the formulas, adjusted p from mvtnorm)", () => {
  it.each(reference.monitoring.map((m) => [m.name, m] as const))("%s", (_, m) => {
    const d = referenceDesign(m.design);
    const counts = m.srcEvents.map((_, i) => ({
      srcEvents: m.srcEvents[i] ?? 0,
      srcCases: m.srcCases[i] ?? 0,
      bauEvents: m.bauEvents[i] ?? 0,
      bauCases: m.bauCases[i] ?? 0,
    }));
    const result = monitorTrial({ ...designInput(d), counts });
    result.looks.forEach((look, i) => {
      expect(Math.abs(look.z - (m.z[i] ?? NaN))).toBeLessThan(FORMULA);
      expect(Math.abs(look.riskDifference - (m.riskDifference[i] ?? NaN))).toBeLessThan(FORMULA);
      expect(Math.abs(look.repeatedCi.lower - (m.repeatedCiLower[i] ?? NaN))).toBeLessThan(FORMULA);
      expect(Math.abs(look.repeatedCi.upper - (m.repeatedCiUpper[i] ?? NaN))).toBeLessThan(FORMULA);
      expect(look.crossed).toBe(m.crossed[i]);
      const wanted = m.adjustedP[i] ?? null;
      if (wanted === null) expect(look.adjustedP).toBeNull();
      else expect(Math.abs((look.adjustedP ?? NaN) - wanted)).toBeLessThan(ADJUSTED_P);
    });
    const firstCrossing = m.crossed.indexOf(true);
    expect(result.stoppedAt).toBe(firstCrossing === -1 ? null : firstCrossing + 1);
  });

  it("crossing at look 1 gives the fixed-sample two-sided p (rpact's getAnalysisResults gives the one-sided half)", () => {
    const m = reference.monitoring.find((x) => x.name.startsWith("crossing at look 1"));
    expect(m?.crossed[0]).toBe(true);
    expect(Math.abs((m?.adjustedP[0] ?? NaN) - (m?.fixedSampleTwoSidedP[0] ?? NaN))).toBeLessThan(1e-12);
  });
});

describe("observedDifference and lookResult", () => {
  it("pooled z, SRC − BAU: negative when attrition is lower with SRC", () => {
    const o = observedDifference({ srcEvents: 30, srcCases: 125, bauEvents: 39, bauCases: 125 });
    const pooled = 69 / 250;
    expect(o.z).toBeCloseTo((30 / 125 - 39 / 125) / Math.sqrt(pooled * (1 - pooled) * (2 / 125)), 14);
    expect(o.z).toBeLessThan(0);
  });

  it("no events in either arm: z is 0, not 0/0, and the look says so", () => {
    const design = designBoundaries({ alpha: 0.05, fractions: [0.2, 1] });
    const look = lookResult(design, 1, { srcEvents: 0, srcCases: 20, bauEvents: 0, bauCases: 22 });
    expect(look.z).toBe(0);
    expect(look.crossed).toBe(false);
    expect(look.repeatedCi).toEqual({ lower: 0, upper: 0 });
    expect(look.note).toContain("no attrition in either arm yet");
  });

  it("the adjusted p at the final look without a crossing is above alpha; at a crossing it is at most the alpha spent", () => {
    const design = designBoundaries({ alpha: 0.05, fractions: [0.5, 1] });
    const final = lookResult(design, 2, { srcEvents: 45, srcCases: 100, bauEvents: 50, bauCases: 100 });
    expect(final.crossed).toBe(false);
    expect(final.adjustedP).toBeGreaterThan(0.05);
    const crossed = lookResult(design, 2, { srcEvents: 30, srcCases: 100, bauEvents: 50, bauCases: 100 });
    expect(crossed.crossed).toBe(true);
    expect(crossed.adjustedP).toBeLessThanOrEqual(0.05);
    const interim = lookResult(design, 1, { srcEvents: 20, srcCases: 50, bauEvents: 25, bauCases: 50 });
    expect(interim.adjustedP).toBeNull();
  });

  it("a design read back from JSON (as a card's stored plan would be) gives the same adjusted p", () => {
    const design = designBoundaries({ alpha: 0.05, spending: "pocock", fractions: [0.3, 0.6, 1] });
    const counts = { srcEvents: 40, srcCases: 150, bauEvents: 66, bauCases: 150 };
    const stored = JSON.parse(JSON.stringify(design)) as typeof design;
    const direct = lookResult(design, 2, counts);
    expect(direct.crossed).toBe(true);
    expect(lookResult(stored, 2, counts)).toEqual(direct);
  });

  it("refuses events above cases, a look outside the design and counts that shrink", () => {
    const design = designBoundaries({ alpha: 0.05, fractions: [0.5, 1] });
    expect(() => lookResult(design, 1, { srcEvents: 11, srcCases: 10, bauEvents: 1, bauCases: 10 })).toThrow("src-events: must not exceed src-cases (10), got 11");
    expect(() => lookResult(design, 3, { srcEvents: 1, srcCases: 10, bauEvents: 1, bauCases: 10 })).toThrow(StatsInputError);
    expect(() =>
      monitorTrial({
        alpha: 0.05,
        fractions: [0.5, 1],
        counts: [
          { srcEvents: 1, srcCases: 10, bauEvents: 1, bauCases: 10 },
          { srcEvents: 1, srcCases: 9, bauEvents: 1, bauCases: 12 },
        ],
      }),
    ).toThrow("src-cases: are cumulative, so cannot fall from look to look: look 2 has 9, look 1 had 10");
  });
});
