import { describe, expect, it } from "vitest";
import { MONITORING_DEFAULTS, MonitoringSimulationError, simulateMonitoring } from "../../../src/simulation/monitoringSimulation.js";
import { designBoundaries } from "../../../src/stats/index.js";

const base = { ...MONITORING_DEFAULTS, looks: 12, spending: "obrien-fleming" as const };

describe("simulateMonitoring", () => {
  it("is reproducible: the same seed gives the same figures, another seed others", () => {
    const first = simulateMonitoring({ ...base, trials: 400, seed: "unit" });
    expect(simulateMonitoring({ ...base, trials: 400, seed: "unit" })).toEqual(first);
    expect(simulateMonitoring({ ...base, trials: 400, seed: "other" }).noEffect).not.toEqual(first.noEffect);
  });

  it("uses the plan's boundaries, computed once for equally spaced looks", () => {
    const r = simulateMonitoring({ ...base, trials: 10, seed: "unit" });
    expect(r.design.looks.map((l) => l.critical)).toEqual(
      designBoundaries({ alpha: 0.05, fractions: Array.from({ length: 12 }, (_, i) => (i + 1) / 12) }).looks.map((l) => l.critical),
    );
    expect(r.casesAtLook[11]).toBe(400);
    expect(r.pilotEffect.srcAttrition).toBeCloseTo(0.42 * 0.78, 15);
  });

  it("seed 'unit', 3000 trials (deterministic): naive looking inflates the false-positive rate, the plan does not", () => {
    const r = simulateMonitoring({ ...base, trials: 3000, seed: "unit" });
    // Every boundary is at least 1.96, so whatever the plan or the final analysis declares, naive looking declares too.
    expect(r.noEffect.naive).toBeGreaterThanOrEqual(r.noEffect.monitored);
    expect(r.noEffect.naive).toBeGreaterThan(0.15);
    expect(Math.abs(r.noEffect.monitored - 0.05)).toBeLessThan(4 * r.noEffect.monitoredSe);
    expect(r.pilotEffect.monitored).toBeGreaterThan(0.9 * r.pilotEffect.finalOnly);
  });

  it("refuses settings that are not a possible trial", () => {
    expect(() => simulateMonitoring({ ...base, trials: 10, seed: "x", looks: 0 })).toThrow(MonitoringSimulationError);
    expect(() => simulateMonitoring({ ...base, trials: 10, seed: "x", casesPerArm: 5 })).toThrow("cases per arm: a whole number from the number of looks (12)");
    expect(() => simulateMonitoring({ ...base, trials: 10, seed: "x", relativeReduction: 1 })).toThrow("relative reduction");
  });
});
