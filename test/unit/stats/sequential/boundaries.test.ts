import { describe, expect, it } from "vitest";
import { cumulativeAlphaSpent, designBoundaries, StatsInputError } from "../../../../src/stats/index.js";
import { computeDesign } from "../../../../src/stats/groupSequential/design.js";
import { designInput, maxAbsDifference, reference } from "./reference.js";

const ACCURACY = 1e-6;

describe("designBoundaries against R (reference/make-sequential.R)", () => {
  it.each(reference.designs.map((d) => [d.name, d] as const))("%s", (_, d) => {
    const design = designBoundaries(designInput(d));
    const critical = design.looks.map((l) => l.critical);
    expect(critical.every(Number.isFinite)).toBe(true);
    expect(maxAbsDifference(critical, d.critical)).toBeLessThan(ACCURACY);
    expect(maxAbsDifference(design.looks.map((l) => l.stageLevel), d.stageLevel)).toBeLessThan(ACCURACY);
    // rpact reports the last cumulative alpha as alpha − 1e-8; everything else is the spending function itself.
    expect(maxAbsDifference(design.looks.map((l) => l.cumulativeAlphaSpent), d.cumulativeAlphaSpent)).toBeLessThan(2e-7);
    design.looks.forEach((l, i) => {
      const wanted = d.stageLevel[i] ?? NaN;
      // Stage levels far below 1e-6 are also matched relatively: they are what the cards print.
      expect(Math.abs(l.stageLevel - wanted)).toBeLessThanOrEqual(1e-6 * wanted + 1e-300);
    });
  });

  it("the two references agree with each other where rpact is accurate", () => {
    // rpact's fixed grid is good to ~1e-7 there; the fine-grid recursion is far finer.
    expect(reference.fineGridAgreesWithRpactTo).toBeLessThan(1e-6);
  });

  it("rpact's fixed grid is what loses accuracy for close looks, not this code", () => {
    // rpact's own answer for looks 0.001 apart is off by more than 1e-3; the fine-grid reference and this code agree.
    const d = reference.designs.find((x) => x.name === "Pocock looks 0.001 apart");
    const rpact = reference.rpactWhereInaccurate.find((x) => x.name === "Pocock looks 0.001 apart");
    expect(d).toBeDefined();
    expect(rpact).toBeDefined();
    expect(maxAbsDifference(rpact?.critical ?? [], d?.critical ?? [])).toBeGreaterThan(1e-3);
  });

  it("mvtnorm confirms each boundary leaves in the error it was meant to spend (looks 0.05 apart, boundaries below 5)", () => {
    // Miwa's grid is itself inaccurate for nearly collinear looks (0.01 apart: 1e-6 to 5e-3 relative) and for
    // probabilities below ~1e-7 (absolute error ~1e-13), so the check is confined to where it can judge.
    const checks = reference.designs
      .filter((d) => d.fractions.every((t, i) => i === 0 || t - (d.fractions[i - 1] ?? 0) >= 0.05 - 1e-12))
      .flatMap((d) => d.mvtnormRelativeCheck.filter((x, i): x is number => x !== null && (d.critical[i] ?? Infinity) < 5));
    expect(checks.length).toBeGreaterThan(40);
    expect(Math.max(...checks.map(Math.abs))).toBeLessThan(1e-5);
  });

  it("converges: a grid four times finer moves no critical value by 1e-7", () => {
    for (const name of [
      "Kim-DeMets gamma 1, ten looks 0.001 apart",
      "OF looks 0.01 apart",
      "OF 4 looks unequal (the plan in the issue)",
      "OF looks 0.001 apart near 2% (boundaries near 15)",
      "Kim-DeMets gamma 20, close early looks (boundaries near 13.5)",
    ]) {
      const d = reference.designs.find((x) => x.name === name);
      if (d === undefined) throw new Error(name);
      const standard = computeDesign(designInput(d), { maxStep: 0.02, pointsPerWidth: 16 }).design.looks.map((l) => l.critical);
      const fine = computeDesign(designInput(d), { maxStep: 0.005, pointsPerWidth: 64 }).design.looks.map((l) => l.critical);
      expect(maxAbsDifference(standard, fine)).toBeLessThan(1e-7);
    }
  });
});

describe("designBoundaries: conventions", () => {
  it("one look is the fixed-sample test: ±Φ⁻¹(1 − α/2)", () => {
    const [look] = designBoundaries({ alpha: 0.05, fractions: [1] }).looks;
    expect(look?.critical).toBeCloseTo(1.959963984540054, 12);
    expect(look?.final).toBe(true);
    expect(look?.cumulativeAlphaSpent).toBeCloseTo(0.05, 15);
  });

  it("spends α/2 a side with the one-sided function: cumulative alpha is twice f_{α/2}(t)", () => {
    const design = designBoundaries({ alpha: 0.05, spending: "pocock", fractions: [0.3, 0.6, 1] });
    design.looks.forEach((l) => {
      expect(l.cumulativeAlphaSpent).toBeCloseTo(0.05 * Math.log(1 + (Math.E - 1) * l.fraction), 14);
      expect(l.cumulativeAlphaSpent).toBeCloseTo(cumulativeAlphaSpent(0.05, "pocock", null, l.fraction), 15);
    });
  });

  it("52 weekly looks: every boundary finite, the last spending what is left", () => {
    const fractions = Array.from({ length: 52 }, (_, i) => (i + 1) / 52);
    const design = designBoundaries({ alpha: 0.05, fractions });
    expect(design.looks).toHaveLength(52);
    expect(design.looks.every((l) => Number.isFinite(l.critical) && l.critical > 0)).toBe(true);
    expect(design.looks[51]?.cumulativeAlphaSpent).toBeCloseTo(0.05, 15);
    const spent = design.looks.map((l) => l.cumulativeAlphaSpent);
    expect(spent.every((s, i) => i === 0 || s > (spent[i - 1] ?? 0))).toBe(true);
  });

  it("a final look below or above the planned information spends all that is left; earlier looks are unchanged", () => {
    const interim = designBoundaries({ alpha: 0.05, fractions: [0.3, 0.6] }).looks;
    for (const last of [0.85, 1.2]) {
      const looks = designBoundaries({ alpha: 0.05, fractions: [0.3, 0.6, last], final: true }).looks;
      expect(looks.slice(0, 2)).toEqual(interim);
      expect(looks[2]?.final).toBe(true);
      expect(looks[2]?.cumulativeAlphaSpent).toBe(0.05);
    }
    // Over-running needs no flag: a fraction above 1 is final.
    expect(designBoundaries({ alpha: 0.05, fractions: [0.5, 1.1] }).looks[1]?.final).toBe(true);
    // Interim looks below 1 without the flag are not final and spend only what the function allows.
    expect(interim[1]?.final).toBe(false);
    expect(interim[1]?.cumulativeAlphaSpent).toBeLessThan(0.01);
  });
});

describe("designBoundaries: refusals name the input and say why", () => {
  const refusal = (input: Parameters<typeof designBoundaries>[0]): StatsInputError => {
    try {
      designBoundaries(input);
    } catch (error) {
      if (error instanceof StatsInputError) return error;
      throw error;
    }
    throw new Error("not refused");
  };

  it("fractions that do not increase, repeat, run past a final look or are too many", () => {
    expect(refusal({ alpha: 0.05, fractions: [0.5, 0.4, 1] }).message).toBe("fractions: must increase from look to look: look 2 (0.4) comes after look 1 (0.5)");
    expect(refusal({ alpha: 0.05, fractions: [0.3, 0.3, 1] }).message).toContain(
      "look 2 has the same information as look 1 (0.3): with no new outcomes there is nothing new to test",
    );
    expect(refusal({ alpha: 0.05, fractions: [0.5, 1, 1.2] }).message).toContain("look 2 reaches the planned information (1), so it is the final analysis");
    expect(refusal({ alpha: 0.05, fractions: [0, 1] }).message).toContain("look 1: an information fraction must be a number > 0, got 0");
    expect(refusal({ alpha: 0.05, fractions: Array.from({ length: 53 }, (_, i) => (i + 1) / 53) }).message).toContain("at most 52 looks");
    expect(refusal({ alpha: 0.05, fractions: [] }).argument).toBe("fractions");
  });

  it("alpha outside (0, 1)", () => {
    for (const alpha of [0, 1, -0.05, Number.NaN]) expect(refusal({ alpha, fractions: [1] }).argument).toBe("alpha");
  });

  it("gamma exactly where it applies", () => {
    expect(refusal({ alpha: 0.05, spending: "kim-demets", fractions: [1] }).message).toContain("gamma: is required with kim-demets");
    expect(refusal({ alpha: 0.05, spending: "hwang-shih-decani", fractions: [1] }).message).toContain("gamma: is required with hwang-shih-decani");
    expect(refusal({ alpha: 0.05, spending: "pocock", gamma: 1, fractions: [1] }).message).toBe(
      "gamma: applies only to kim-demets and hwang-shih-decani; pocock has no parameter",
    );
    expect(refusal({ alpha: 0.05, spending: "kim-demets", gamma: 0, fractions: [1] }).message).toContain("gamma: for kim-demets must be > 0");
    expect(designBoundaries({ alpha: 0.05, spending: "hwang-shih-decani", gamma: 0, fractions: [0.5, 1] }).looks[0]?.cumulativeAlphaSpent).toBeCloseTo(0.025, 14);
  });
});
