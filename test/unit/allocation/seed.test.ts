import { describe, expect, it } from "vitest";
import { generateTrialSeed } from "../../../src/domain/allocation/index.js";

describe("generateTrialSeed", () => {
  it("gives 32 random bytes as 64 lower-case hex characters by default", () => {
    expect(generateTrialSeed()).toMatch(/^[0-9a-f]{64}$/);
  });

  it("gives a different seed each time", () => {
    const seeds = new Set(Array.from({ length: 50 }, () => generateTrialSeed()));
    expect(seeds.size).toBe(50);
  });

  it("accepts a longer seed but refuses fewer than 16 bytes", () => {
    expect(generateTrialSeed(48)).toMatch(/^[0-9a-f]{96}$/);
    expect(() => generateTrialSeed(8)).toThrow(RangeError);
  });
});
