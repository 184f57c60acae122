import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";
import { maxAbsDifference, reference, referenceDesign } from "../../unit/stats/sequential/reference.js";

// Each spawn costs ~2 s, so every run checks all the figures it prints.
const PLAN = "OF 4 looks unequal (the plan in the issue)";
const BOUNDARY_KEYS = ["alphaSpent", "critical", "cumulativeAlphaSpent", "final", "fraction", "look", "stageLevel"];
const RESULT_KEYS = [
  ...BOUNDARY_KEYS,
  "adjustedP",
  "bauRisk",
  "crossed",
  "favours",
  "note",
  "repeatedCiLower",
  "repeatedCiUpper",
  "riskDifference",
  "srcRisk",
  "z",
].sort();

interface JsonLook {
  [key: string]: unknown;
  critical: number;
  stageLevel: number;
  cumulativeAlphaSpent: number;
  z: number;
  repeatedCiLower: number;
  repeatedCiUpper: number;
  crossed: boolean;
  adjustedP: number | null;
}

async function sequentialJson(args: string[]): Promise<{ alpha: number; spending: string; gamma: number | null; stoppedAt?: number | null; looks: JsonLook[] }> {
  const run = await runCli(["analyse", "sequential", ...args, "--json"]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

async function refused(args: string[]): Promise<string> {
  const run = await runCli(["analyse", "sequential", ...args]);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe("");
  return run.stderr.trim();
}

describe("reassure analyse sequential", () => {
  it("prints the plan's boundaries per look", async () => {
    const run = await runCli(["analyse", "sequential", "--fractions", "0.2,0.45,0.7,1", "--alpha", "0.05", "--spending", "obrien-fleming"]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n").map((l) => l.trimEnd());
    // R rpact: critical 4.87688 3.14385 2.45154 2.00109; stage levels 5.39e-7 8.34e-4 0.00711 0.02269; alpha spent 1.08e-6 0.00167 0.01477 0.05.
    expect(lines[0]).toBe("Two-sided alpha 0.05, Lan-DeMets O'Brien-Fleming-type spending, α/2 on each side; 4 looks.");
    expect(lines).toContain("Look  Fraction  Critical |z|  Stage level  Alpha spent  Cumulative alpha");
    expect(lines).toContain("1     0.2       4.8769        5.39e-7      1.08e-6      1.08e-6");
    expect(lines).toContain("2     0.45      3.1438        8.34e-4      0.0017       0.0017");
    expect(lines).toContain("3     0.7       2.4515        0.0071       0.0131       0.0148");
    expect(lines).toContain("4*    1         2.0011        0.0227       0.0352       0.0500");
    expect(lines).toContain("* final analysis: spends all the alpha left");
  });

  it("--json: the plan's unrounded figures match R", async () => {
    const d = referenceDesign("Hwang-Shih-DeCani gamma 1 unequal");
    const json = await sequentialJson(["--fractions", d.fractions.join(","), "--spending", "hwang-shih-decani", "--gamma", "1"]);
    expect(json).toMatchObject({ alpha: 0.05, spending: "hwang-shih-decani", gamma: 1 });
    expect(Object.keys(json.looks[0] ?? {}).sort()).toEqual(BOUNDARY_KEYS);
    expect(maxAbsDifference(json.looks.map((l) => l.critical), d.critical)).toBeLessThan(1e-6);
    expect(maxAbsDifference(json.looks.map((l) => l.stageLevel), d.stageLevel)).toBeLessThan(1e-6);
    expect(maxAbsDifference(json.looks.map((l) => l.cumulativeAlphaSpent), d.cumulativeAlphaSpent)).toBeLessThan(2e-7);
  });

  it("--json with counts: z, crossing, repeated CI and adjusted p match R", async () => {
    const m = reference.monitoring.find((x) => x.design === PLAN);
    if (m === undefined) throw new Error("no monitoring reference for the plan");
    const json = await sequentialJson([
      "--fractions", referenceDesign(PLAN).fractions.join(","),
      "--src-events", m.srcEvents.join(","), "--src-cases", m.srcCases.join(","),
      "--bau-events", m.bauEvents.join(","), "--bau-cases", m.bauCases.join(","),
    ]);
    expect(Object.keys(json.looks[0] ?? {}).sort()).toEqual(RESULT_KEYS);
    expect(maxAbsDifference(json.looks.map((l) => l.z), m.z)).toBeLessThan(1e-7);
    expect(maxAbsDifference(json.looks.map((l) => l.repeatedCiLower), m.repeatedCiLower)).toBeLessThan(1e-7);
    expect(maxAbsDifference(json.looks.map((l) => l.repeatedCiUpper), m.repeatedCiUpper)).toBeLessThan(1e-7);
    expect(json.looks.map((l) => l.crossed)).toEqual(m.crossed);
    const k = m.crossed.indexOf(true);
    expect(json.stoppedAt).toBe(k + 1);
    expect(Math.abs((json.looks[k]?.adjustedP ?? NaN) - (m.adjustedP[k] ?? NaN))).toBeLessThan(1e-6);
  });

  it("with counts, the text says where the boundary was crossed and what to report", async () => {
    const run = await runCli([
      "analyse", "sequential", "--fractions", "0.2,0.45,0.7,1",
      "--src-events", "10,25,40,55", "--src-cases", "40,90,140,200", "--bau-events", "18,42,63,85", "--bau-cases", "40,90,140,200",
    ]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n").map((l) => l.trimEnd());
    expect(lines).toContain("Look  SRC attrition   BAU attrition   z        Crossed   Repeated CI (points)        Adjusted p");
    expect(lines).toContain("2     27.8%           46.7%           -2.621   no        -18.9 (-41.1 to 3.3)");
    expect(lines).toContain("3     28.6%           45.0%           -2.850   yes       -16.4 (-30.4 to -2.5)       0.0053");
    expect(lines).toContain(
      "Look 3 crossed the boundary (|z| 2.850 ≥ 2.4515): attrition is lower with SRC. Stop and report: difference -16.4 points (repeated 95% CI -30.4 to -2.5), adjusted p = 0.0053.",
    );
  });

  it("refuses fractions that do not increase, repeat, follow a final look or are malformed (exit code 2)", async () => {
    expect(await refused(["--fractions", "0.5,0.4,1"])).toBe("--fractions: must increase from look to look: look 2 (0.4) comes after look 1 (0.5)");
    expect(await refused(["--fractions", "0.3,0.3,1"])).toContain("--fractions: look 2 has the same information as look 1 (0.3): with no new outcomes");
    expect(await refused(["--fractions", "0.5,1,1.2"])).toContain("--fractions: look 2 reaches the planned information (1), so it is the final analysis");
    expect(await refused(["--fractions", "0.5,,1"])).toBe('--fractions: must be information fractions (0.2,0.45,0.7,1) separated by commas, got "" at position 2 of "0.5,,1"');
  });

  it("refuses an alpha out of range, an unknown spending function and gamma where it does not apply (exit code 2)", async () => {
    expect(await refused(["--fractions", "1", "--alpha", "1.5"])).toBe('--alpha: must be a probability strictly between 0 and 1, got "1.5"');
    expect(await refused(["--fractions", "1", "--spending", "haybittle"])).toBe(
      '--spending: must be one of obrien-fleming, pocock, kim-demets, hwang-shih-decani, got "haybittle"',
    );
    expect(await refused(["--fractions", "0.5,1", "--spending", "kim-demets"])).toContain("--gamma: is required with kim-demets");
    expect(await refused(["--fractions", "0.5,1", "--gamma", "2"])).toBe("--gamma: applies only to kim-demets and hwang-shih-decani; obrien-fleming has no parameter");
  });

  it("refuses events above cases and count lists that are incomplete or of the wrong length (exit code 2)", async () => {
    expect(await refused(["--fractions", "0.5,1", "--src-events", "5,9", "--src-cases", "20,40", "--bau-events", "25,12", "--bau-cases", "20,40"])).toBe(
      "--bau-events: cannot exceed --bau-cases at look 1 (25 > 20)",
    );
    expect(await refused(["--fractions", "0.5,1", "--src-events", "5,9", "--src-cases", "20,40"])).toBe(
      "--bau-events, --bau-cases: --src-events, --src-cases, --bau-events and --bau-cases go together (cumulative counts per look); give all four or none",
    );
    expect(await refused(["--fractions", "0.5,1", "--src-events", "5", "--src-cases", "20,40", "--bau-events", "5,9", "--bau-cases", "20,40"])).toBe(
      "--src-events: needs one count per look, 2 as --fractions has, got 1",
    );
  });
});
