import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";
import { expected, relativeMismatch, type ExpectedTable } from "../../unit/stats/expectedValues.js";

// Each spawn costs ~2 s, so every run checks all the figures it prints.
const CLOSED_FORM = 1e-9;
const P_VALUE = 1e-7;

const TWO_BY_TWO_KEYS = [
  "riskTreatment",
  "riskControl",
  "rr",
  "rrLower",
  "rrUpper",
  "rrCorrected",
  "rd",
  "rdLower",
  "rdUpper",
  "fisherP",
  "chiSquare",
  "chiSquareP",
  "chiSquareYates",
  "chiSquareYatesP",
] as const;
const P_VALUE_KEYS = new Set<string>(["fisherP", "chiSquareP", "chiSquareYatesP"]);

function table(name: string): ExpectedTable {
  const found = expected.tables.find((t) => t.name === name);
  if (found === undefined) throw new Error(`no reference table named ${name}`);
  return found;
}

async function analyseJson(args: string[]): Promise<Record<string, unknown>> {
  const run = await runCli(["analyse", ...args, "--json"]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

function mismatches(actual: Record<string, unknown>, wanted: Record<string, number | null>, tolerance: (key: string) => number): string[] {
  return Object.entries(wanted).flatMap(([key, value]) => {
    const problem = relativeMismatch(actual[key] as number | null, value, tolerance(key));
    return problem === null ? [] : [`${key}: ${problem}`];
  });
}

describe("reassure analyse 2x2 --json against R (test/unit/stats/reference/expected.json)", () => {
  for (const name of ["pilot-like attrition", "zero events in both arms", "large force-scale"]) {
    it(name, async () => {
      const t = table(name);
      const json = await analyseJson(["2x2", "--events-t", `${t.eventsT}`, "--n-t", `${t.nT}`, "--events-c", `${t.eventsC}`, "--n-c", `${t.nC}`]);
      expect(Object.keys(json).sort()).toEqual([...TWO_BY_TWO_KEYS].sort());
      expect(json.rrCorrected).toBe(t.rrCorrected);
      const numeric = Object.fromEntries(TWO_BY_TWO_KEYS.filter((k) => k !== "rrCorrected").map((k) => [k, t[k]])) as Record<string, number | null>;
      expect(mismatches(json, numeric, (k) => (P_VALUE_KEYS.has(k) ? P_VALUE : CLOSED_FORM))).toEqual([]);
    });
  }
});

describe("reassure analyse, readable and other subcommands", () => {
  it("prints the pilot's table rounded for reading, with a plain-English line", async () => {
    const run = await runCli(["analyse", "2x2", "--events-t", "30", "--n-t", "125", "--events-c", "39", "--n-c", "125", "--label", "Attrition"]);
    expect(run.code).toBe(0);
    // R: RR 0.7692 (0.5124–1.1548), RD −0.0720 (−0.1805 to 0.0388), Fisher p 0.2576, χ² 1.6214 p 0.2029, Yates 1.2811 p 0.2577.
    const lines = run.stdout.split("\n").map((l) => l.trimEnd());
    expect(lines).toContain("Events / cases     30 / 125          39 / 125");
    expect(lines).toContain("Risk               24.0%             31.2%");
    expect(lines).toContain("Relative risk      0.77 (95% CI 0.51–1.15)");
    expect(lines).toContain("Risk difference    -7.2 points (95% CI -18.0 to 3.9)");
    expect(lines).toContain("Fisher's exact     p = 0.26");
    expect(lines).toContain("Chi-square         1.62, p = 0.20");
    expect(lines).toContain("  with Yates       1.28, p = 0.26");
    expect(lines).toContain(
      "Attrition 24.0% with SRC v 31.2% without: relative risk 0.77 (95% CI 0.51–1.15); the difference could be chance (Fisher p = 0.26).",
    );
  });

  it("sample-size matches R power.prop.test (default alpha, power 0.9)", async () => {
    const s = expected.sampleSize.find((x) => !x.strict && x.power === 0.9 && x.alpha === 0.05)!;
    const json = await analyseJson(["sample-size", "--p-control", `${s.p1}`, "--p-treatment", `${s.p2}`, "--power", "0.9"]);
    expect(Object.keys(json).sort()).toEqual(["nPerArm", "nPerArmCeiling"]);
    expect(relativeMismatch(json.nPerArm as number, s.nPerArm, 1e-9)).toBeNull();
    expect(json.nPerArmCeiling).toBe(s.nPerArmCeiling);
  });

  it("power matches R power.prop.test with alpha 0.01", async () => {
    const s = expected.power.find((x) => !x.strict && x.alpha === 0.01)!;
    const json = await analyseJson(["power", "--n-per-arm", `${s.n}`, "--p-control", `${s.p1}`, "--p-treatment", `${s.p2}`, "--alpha", "0.01"]);
    expect(Object.keys(json)).toEqual(["power"]);
    expect(relativeMismatch(json.power as number, s.power, 1e-7)).toBeNull();
  });

  it("power matches R power.prop.test for a fractional n and the default alpha", async () => {
    const s = expected.power.find((x) => !x.strict && x.n === 20.5 && x.alpha === 0.05)!;
    const json = await analyseJson(["power", "--n-per-arm", "20.5", "--p-control", `${s.p1}`, "--p-treatment", `${s.p2}`]);
    expect(relativeMismatch(json.power as number, s.power, 1e-7)).toBeNull();
  });

  it("cace with events among the treated: hand-worked fractions", async () => {
    // 30/125 v 39/125, 106 of 125 SRC cases contacted, 22 of whom withdrew; 8 of the 19 uncontacted did.
    // ITT −0.072 = −9/125; compliance 106/125; CACE −0.072 ÷ 0.848 = −9/106; ÷ 0.312 = −27.2133…%.
    // Complier risks: 22/106 with SRC; (0.312 − (19/125)(8/19)) ÷ 0.848 = 0.248 ÷ 0.848 = 31/106 without.
    const json = await analyseJson(
      ["cace", "--events-t", "30", "--n-t", "125", "--events-c", "39", "--n-c", "125", "--treated-t", "106", "--treated-c", "0", "--events-treated-t", "22"],
    );
    expect(Object.keys(json).sort()).toEqual(
      ["caceRd", "complianceDifference", "complierRiskTreated", "complierRiskUntreated", "fullComplianceRelativeChangePct", "ittRd", "ittRr"],
    );
    const wanted = {
      ittRd: -0.072,
      ittRr: 10 / 13,
      complianceDifference: 0.848,
      caceRd: -9 / 106,
      fullComplianceRelativeChangePct: (-9 / 106 / 0.312) * 100,
      complierRiskTreated: 22 / 106,
      complierRiskUntreated: 31 / 106,
    };
    expect(mismatches(json, wanted, () => 1e-12)).toEqual([]);
  });

  it("cace with contamination and without events among the treated: no complier risks", async () => {
    // 40/100 v 50/100; 90 v 10 received SRC: ITT −0.1, RR 0.8, compliance difference 0.8, CACE −0.125 = −25% of 0.5.
    const json = await analyseJson(["cace", "--events-t", "40", "--n-t", "100", "--events-c", "50", "--n-c", "100", "--treated-t", "90", "--treated-c", "10"]);
    expect(Object.keys(json).sort()).toEqual(["caceRd", "complianceDifference", "fullComplianceRelativeChangePct", "ittRd", "ittRr"]);
    expect(mismatches(json, { ittRd: -0.1, ittRr: 0.8, complianceDifference: 0.8, caceRd: -0.125, fullComplianceRelativeChangePct: -25 }, () => 1e-12)).toEqual([]);
  });

  it("projection: the pilot's 6,839 withdrawals × 22% ≈ 1,504.58, no share without cases", async () => {
    const json = await analyseJson(["projection", "--annual-withdrawals", "6839", "--relative-reduction", "0.22"]);
    expect(Object.keys(json).sort()).toEqual(["fewerWithdrawals", "shareOfCases"]);
    expect(json.fewerWithdrawals).toBeCloseTo(1504.58, 9);
    expect(json.shareOfCases).toBeNull();
  });

  it("projection with cases: 6,839 × 26% = 1,778.14, ÷ 22,421 cases", async () => {
    const json = await analyseJson(["projection", "--annual-withdrawals", "6839", "--relative-reduction", "0.26", "--annual-cases", "22421"]);
    expect(json.fewerWithdrawals).toBeCloseTo(1778.14, 9);
    expect(json.shareOfCases).toBeCloseTo(1778.14 / 22421, 14);
  });

  it("--help lists the subcommands", async () => {
    const run = await runCli(["analyse", "--help"]);
    expect(run.code).toBe(0);
    for (const sub of ["2x2", "sample-size", "power", "cace", "projection"]) expect(run.stdout).toMatch(new RegExp(`^  ${sub} \\[options\\]`, "m"));
  });
});

const ARMS = ["--events-t", "30", "--n-t", "125", "--events-c", "39", "--n-c", "125"];

describe("reassure analyse refuses invalid input with exit code 2 and names the option", () => {
  const cases: [string, string[], string][] = [
    ["events above the group size", ["2x2", "--events-t", "130", "--n-t", "125", "--events-c", "39", "--n-c", "125"], "--events-t: cannot exceed --n-t (130 > 125)"],
    ["a negative count", ["cace", ...ARMS, "--treated-t", "-3", "--treated-c", "0"], '--treated-t: must be a whole number ≥ 0, got "-3"'],
    ["trailing junk", ["2x2", "--events-t", "30", "--n-t", "125", "--events-c", "39", "--n-c", "12abc"], '--n-c: must be a whole number ≥ 1, got "12abc"'],
    ["exponent notation", ["2x2", "--events-t", "30", "--n-t", "1e3", "--events-c", "39", "--n-c", "125"], '--n-t: must be a whole number ≥ 1, got "1e3"'],
    ["an empty value", ["power", "--n-per-arm", "", "--p-control", "0.3", "--p-treatment", "0.2"], '--n-per-arm: must be a number > 0, got ""'],
    ["a probability above 1", ["sample-size", "--p-control", "1.2", "--p-treatment", "0.2"], '--p-control: must be a probability strictly between 0 and 1, got "1.2"'],
    ["NaN", ["power", "--n-per-arm", "100", "--p-control", "0.3", "--p-treatment", "NaN"], '--p-treatment: must be a probability strictly between 0 and 1, got "NaN"'],
    ["Infinity", ["projection", "--annual-withdrawals", "6839", "--relative-reduction", "0.22", "--annual-cases", "Infinity"], '--annual-cases: must be a number > 0, got "Infinity"'],
    ["equal proportions", ["sample-size", "--p-control", "0.3", "--p-treatment", "0.3"], "--p-treatment: must differ from --p-control (no sample size detects no difference)"],
    ["a percentage for a fraction (from the stats module)", ["projection", "--annual-withdrawals", "6839", "--relative-reduction", "22"], "--relative-reduction: must be ≤ 1 (a fraction, not a percentage), got 22"],
    [
      "inconsistent events among the treated (from the stats module, renamed)",
      ["cace", ...ARMS, "--treated-t", "120", "--treated-c", "0", "--events-treated-t", "20"],
      "--events-treated-t: leaves more events among the untreated of the treatment arm than there are untreated cases",
    ],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const run = await runCli(["analyse", ...args, "--json"]);
      expect(run).toEqual({ code: 2, stdout: "", stderr: `${message}\n` });
    });
  }

  it("a missing required option", async () => {
    const run = await runCli(["analyse", "projection", "--annual-withdrawals", "6839", "--json"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n")[0]).toBe("error: required option '--relative-reduction <fraction>' not specified");
  });
});
