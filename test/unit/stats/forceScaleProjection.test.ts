import { describe, expect, it } from "vitest";
import { projectForceScale, relativeReductionFromRiskRatio } from "../../../src/stats/index.js";

describe("projectForceScale", () => {
  it("reproduces the pilot's force-wide claim: 6,839 withdrawals × 22%–26% ≈ 1,500–1,800", () => {
    const result = projectForceScale({
      withdrawalsPerYear: 6839,
      relativeReduction: 0.22,
      casesPerYear: 22421,
      relativeReductionInterval: { lower: 0.22, upper: 0.26 },
    });
    expect(result.fewerWithdrawals).toBeCloseTo(1504.58, 10);
    expect(result.shareOfCases).toBeCloseTo(1504.58 / 22421, 14);
    expect(result.interval?.lower.fewerWithdrawals).toBeCloseTo(1504.58, 10);
    expect(result.interval?.upper.fewerWithdrawals).toBeCloseTo(1778.14, 10);
    expect(result.interval?.upper.shareOfCases).toBeCloseTo(1778.14 / 22421, 14);
  });

  it("leaves the share and interval empty when not given", () => {
    expect(projectForceScale({ withdrawalsPerYear: 1000, relativeReduction: 0.1 })).toEqual({
      fewerWithdrawals: 100,
      shareOfCases: null,
      interval: null,
    });
  });

  it("turns a risk-ratio interval into a reduction interval with the bounds swapped", () => {
    const reduction = relativeReductionFromRiskRatio({ rr: 0.78, rrLower: 0.6, rrUpper: 1.1 });
    expect(reduction.relativeReduction).toBeCloseTo(0.22, 15);
    expect(reduction.relativeReductionInterval.lower).toBeCloseTo(-0.1, 15);
    expect(reduction.relativeReductionInterval.upper).toBeCloseTo(0.4, 15);
  });

  it("rejects percentages passed as fractions and reversed intervals", () => {
    expect(() => projectForceScale({ withdrawalsPerYear: 6839, relativeReduction: 22 })).toThrow(
      expect.objectContaining({ argument: "relative-reduction" }),
    );
    expect(() =>
      projectForceScale({
        withdrawalsPerYear: 6839,
        relativeReduction: 0.22,
        relativeReductionInterval: { lower: 0.3, upper: 0.1 },
      }),
    ).toThrow(expect.objectContaining({ argument: "relative-reduction-lower" }));
    expect(() => projectForceScale({ withdrawalsPerYear: -1, relativeReduction: 0.2 })).toThrow(
      expect.objectContaining({ argument: "withdrawals-per-year" }),
    );
    expect(() => projectForceScale({ withdrawalsPerYear: 10, relativeReduction: 0.2, casesPerYear: 0 })).toThrow(
      expect.objectContaining({ argument: "cases-per-year" }),
    );
  });
});
