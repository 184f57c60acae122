import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";

const SCENARIO_KEYS = ["bauAttrition", "finalOnly", "meanCasesUsed", "meanStopLook", "monitored", "monitoredSe", "naive", "naiveSe", "srcAttrition"];

describe("reassure simulate monitoring", () => {
  it("--json: the figures' structure, the same for the same seed", async () => {
    const args = ["simulate", "monitoring", "--trials", "300", "--looks", "6", "--seed", "ci", "--json"];
    const first = await runCli(args);
    expect(first.code, first.stderr).toBe(0);
    const again = await runCli(args);
    expect(again.stdout).toBe(first.stdout);
    const json = JSON.parse(first.stdout);
    expect(Object.keys(json).sort()).toEqual(["boundaries", "casesAtLook", "input", "noEffect", "pilotEffect"]);
    expect(json.input).toMatchObject({ trials: 300, looks: 6, seed: "ci", casesPerArm: 400, controlAttrition: 0.42, relativeReduction: 0.22, alpha: 0.05 });
    expect(json.boundaries).toHaveLength(6);
    expect(json.casesAtLook).toEqual([67, 133, 200, 267, 333, 400]);
    for (const scenario of [json.noEffect, json.pilotEffect]) {
      expect(Object.keys(scenario).sort()).toEqual(SCENARIO_KEYS);
      for (const share of [scenario.naive, scenario.monitored, scenario.finalOnly]) {
        expect(share * 300).toBe(Math.round(share * 300));
        expect(share).toBeGreaterThanOrEqual(0);
        expect(share).toBeLessThanOrEqual(1);
      }
      // Any trial the plan or the final analysis stops, the naive reading stopped too: its boundary is the lowest.
      expect(scenario.naive).toBeGreaterThanOrEqual(Math.max(scenario.monitored, scenario.finalOnly));
    }
    expect(json.noEffect.srcAttrition).toBe(0.42);
    expect(json.pilotEffect.srcAttrition).toBeCloseTo(0.42 * 0.78, 15);
  });

  it("prints the table for readers, with the seed", async () => {
    const run = await runCli(["simulate", "monitoring", "--trials", "200", "--looks", "4", "--seed", "ci"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Monitoring simulation, seed "ci": 200 trials, each with 4 equally spaced looks up to 400 cases per arm.');
    expect(run.stdout).toMatch(/naively: p < 0\.05 at any look\s+\d+\.\d% ± \d+\.\d\s+\d+\.\d% ± \d+\.\d/);
    expect(run.stdout).toMatch(/with the plan's boundaries\s+\d+\.\d% ± \d+\.\d/);
    expect(run.stdout).toContain("of the power of a single analysis at the end");
  });

  it("refuses impossible settings with exit code 2", async () => {
    const looks = await runCli(["simulate", "monitoring", "--seed", "x", "--looks", "60"]);
    expect(looks.code).toBe(2);
    expect(looks.stderr).toContain("looks: a whole number from 1 to 52, got 60");
    const gamma = await runCli(["simulate", "monitoring", "--seed", "x", "--spending", "kim-demets"]);
    expect(gamma.code).toBe(2);
    expect(gamma.stderr).toContain("--gamma: is required with kim-demets");
    const seed = await runCli(["simulate", "monitoring"]);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain("--seed");
  });
});
