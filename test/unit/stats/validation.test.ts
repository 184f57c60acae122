import { describe, expect, it } from "vitest";
import { analyse2x2, StatsInputError, validateProbability, validateTwoByTwoInput } from "../../../src/stats/index.js";

const valid = { eventsT: 30, nT: 125, eventsC: 39, nC: 125 };

function argumentOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(StatsInputError);
    expect(error).toBeInstanceOf(Error);
    return (error as StatsInputError).argument;
  }
  return undefined;
}

describe("2×2 input validation", () => {
  it("accepts a valid table, including zero events and events = n", () => {
    expect(() => validateTwoByTwoInput(valid)).not.toThrow();
    expect(() => validateTwoByTwoInput({ eventsT: 0, nT: 1, eventsC: 1, nC: 1 })).not.toThrow();
  });

  it.each([
    [{ eventsT: 1.5 }, "events-t"],
    [{ eventsT: -1 }, "events-t"],
    [{ eventsT: 126 }, "events-t"],
    [{ nT: 0 }, "n-t"],
    [{ nT: 12.5 }, "n-t"],
    [{ nT: Number.NaN }, "n-t"],
    [{ eventsC: 200 }, "events-c"],
    [{ eventsC: Number.POSITIVE_INFINITY }, "events-c"],
    [{ nC: -5 }, "n-c"],
  ])("%o is rejected as %s", (override, argument) => {
    expect(argumentOf(() => analyse2x2({ ...valid, ...override }))).toBe(argument);
  });

  it("says what is wrong in the message", () => {
    expect(() => analyse2x2({ ...valid, eventsT: 126 })).toThrow(/events-t: must not exceed n-t \(125\)/);
  });
});

describe("probability validation", () => {
  it.each([0, 1, -0.1, 1.1, Number.NaN])("%s is not a probability in (0, 1)", (value) => {
    expect(argumentOf(() => validateProbability(value, "p1"))).toBe("p1");
  });

  it("accepts values strictly inside (0, 1)", () => {
    expect(() => validateProbability(0.5, "p1")).not.toThrow();
  });
});
