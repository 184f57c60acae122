import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fisherExact2x2, pearsonChiSquare2x2 } from "../../../src/stats/index.js";

const smallTable = fc.tuple(fc.nat(40), fc.nat(40), fc.nat(40), fc.nat(40));

describe("fisherExact2x2", () => {
  it("hand-computed: [[3, 0], [0, 3]] has p = 2 / C(6,3) = 0.1", () => {
    // Margins 3/3 both ways: only the two extreme tables (probability 1/20 each) are as unlikely.
    expect(fisherExact2x2(3, 0, 0, 3)).toBeCloseTo(0.1, 14);
  });

  it("is a probability and does not depend on which arm or which outcome is listed first", () => {
    fc.assert(
      fc.property(smallTable, ([a, b, c, d]) => {
        const p = fisherExact2x2(a, b, c, d);
        expect(p).toBeGreaterThan(0);
        expect(p).toBeLessThanOrEqual(1);
        for (const permuted of [
          fisherExact2x2(c, d, a, b),
          fisherExact2x2(b, a, d, c),
          fisherExact2x2(a, c, b, d),
        ]) {
          expect(Math.abs(permuted - p)).toBeLessThanOrEqual(1e-12 * p + 1e-15);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("handles tables far larger than the trial (3,500-table support) in log space", () => {
    const p = fisherExact2x2(2000, 4500, 1500, 4900);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-19);
  });
});

describe("pearsonChiSquare2x2", () => {
  it("hand-computed: [[10, 20], [20, 10]] gives X² = 20/3 and Yates X² = 5.4", () => {
    // E = 15 in every cell, |O − E| = 5: X² = 4·25/15; with Yates 4·4.5²/15.
    const result = pearsonChiSquare2x2(10, 20, 20, 10);
    expect(result.chiSquare).toBeCloseTo(20 / 3, 13);
    expect(result.chiSquareYates).toBeCloseTo(5.4, 13);
    expect(result.expectedBelow5).toBe(false);
  });

  it("caps Yates' correction at |O − E| so the corrected statistic is never larger", () => {
    fc.assert(
      fc.property(smallTable, ([a, b, c, d]) => {
        const result = pearsonChiSquare2x2(a, b, c, d);
        if (result.chiSquare === null || result.chiSquareYates === null) return;
        expect(result.chiSquareYates).toBeLessThanOrEqual(result.chiSquare + 1e-12);
        expect(result.chiSquareYates).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 400 },
    );
  });

  it("is undefined (null) when a margin is zero, and flags small expected counts", () => {
    const result = pearsonChiSquare2x2(0, 10, 0, 12);
    expect(result).toEqual({
      chiSquare: null,
      chiSquareP: null,
      chiSquareYates: null,
      chiSquareYatesP: null,
      expectedBelow5: true,
    });
  });
});
