import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  normalQuantile,
  powerTwoProportions,
  sampleSizeTwoProportions,
  StatsInputError,
} from "../../../src/stats/index.js";
import { expected, relativeMismatch } from "./expectedValues.js";

describe("powerTwoProportions against R power.prop.test", () => {
  it.each(expected.power)("n = $n, p1 = $p1, p2 = $p2, alpha = $alpha, strict = $strict", (setting) => {
    const power = powerTwoProportions({
      nPerArm: setting.n,
      p1: setting.p1,
      p2: setting.p2,
      alpha: setting.alpha,
      strict: setting.strict,
    });
    expect(relativeMismatch(power, setting.power, 1e-7)).toBeNull();
  });

  it("defaults to alpha = 0.05 and the non-strict test, as R does", () => {
    const pilot = expected.power.find((s) => s.n === 125 && s.p1 === 0.312 && !s.strict);
    expect(pilot).toBeDefined();
    expect(relativeMismatch(powerTwoProportions({ nPerArm: 125, p1: 0.312, p2: 0.24 }), pilot?.power ?? 0, 1e-7)).toBeNull();
  });
});

describe("sampleSizeTwoProportions against R power.prop.test", () => {
  it.each(expected.sampleSize)("p1 = $p1, p2 = $p2, alpha = $alpha, power = $power, strict = $strict", (setting) => {
    const result = sampleSizeTwoProportions(setting);
    expect(relativeMismatch(result.nPerArm, setting.nPerArm, 1e-9)).toBeNull();
    expect(result.nPerArmCeiling).toBe(setting.nPerArmCeiling);
    // R's default uniroot tolerance (~1.2e-4 absolute) is what an analyst sees at the console.
    expect(Math.abs(result.nPerArm - setting.nPerArmDefaultTolerance)).toBeLessThan(1e-3);
  });

  it("matches the closed form of the non-strict formula, n = ((q·s₀ + z_power·s₁)/d)²", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.02, max: 0.98, noNaN: true }),
        fc.double({ min: 0.02, max: 0.98, noNaN: true }),
        fc.double({ min: 0.5, max: 0.99, noNaN: true }),
        (p1, p2, power) => {
          fc.pre(Math.abs(p1 - p2) > 0.01);
          const q = normalQuantile(0.975);
          const nullSd = Math.sqrt((p1 + p2) * (1 - (p1 + p2) / 2));
          const alternativeSd = Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
          const closedForm = ((q * nullSd + normalQuantile(power) * alternativeSd) / Math.abs(p1 - p2)) ** 2;
          const { nPerArm } = sampleSizeTwoProportions({ p1, p2, power });
          expect(Math.abs(nPerArm - closedForm)).toBeLessThanOrEqual(1e-9 * closedForm);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("rejects equal proportions and out-of-range probabilities, naming the argument", () => {
    expect(() => sampleSizeTwoProportions({ p1: 0.3, p2: 0.3 })).toThrow(
      expect.objectContaining({ name: "StatsInputError", argument: "p2" }),
    );
    for (const [input, argument] of [
      [{ p1: 0, p2: 0.3 }, "p1"],
      [{ p1: 0.2, p2: 1 }, "p2"],
      [{ p1: 0.2, p2: 0.3, alpha: 0 }, "alpha"],
      [{ p1: 0.2, p2: 0.3, power: 1.2 }, "power"],
      [{ p1: 0.2, p2: 0.3, power: 0.01 }, "power"],
    ] as const) {
      let caught: unknown;
      try {
        sampleSizeTwoProportions(input);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(StatsInputError);
      expect((caught as StatsInputError).argument).toBe(argument);
    }
    expect(() => powerTwoProportions({ nPerArm: 0, p1: 0.2, p2: 0.3 })).toThrow(
      expect.objectContaining({ argument: "n-per-arm" }),
    );
    expect(() => powerTwoProportions({ nPerArm: 10, p1: Number.NaN, p2: 0.3 })).toThrow(
      expect.objectContaining({ argument: "p1" }),
    );
  });
});
