import { describe, expect, it } from "vitest";
import { perProtocol } from "../../../src/stats/index.js";

describe("perProtocol", () => {
  it("compares delivered SRC with undelivered BAU and carries the bias label", () => {
    const result = perProtocol({ eventsTreatedT: 24, treatedT: 106, eventsUntreatedC: 39, untreatedC: 125 });
    expect(result.biased).toBe(true);
    expect(result.caveat).toMatch(/biased/i);
    expect(result.riskTreatment).toBeCloseTo(24 / 106, 15);
    expect(result.riskControl).toBeCloseTo(39 / 125, 15);
    expect(result.rr).toBeCloseTo(24 / 106 / (39 / 125), 14);
  });

  it("names its own arguments when they are invalid", () => {
    expect(() => perProtocol({ eventsTreatedT: 5, treatedT: 4, eventsUntreatedC: 1, untreatedC: 10 })).toThrow(
      expect.objectContaining({ name: "StatsInputError", argument: "events-treated-t" }),
    );
    expect(() => perProtocol({ eventsTreatedT: 1, treatedT: 4, eventsUntreatedC: 0, untreatedC: 0 })).toThrow(
      expect.objectContaining({ argument: "untreated-c" }),
    );
  });
});
