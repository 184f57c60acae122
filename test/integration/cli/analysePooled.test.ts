import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";
import { relativeMismatch } from "../../unit/stats/expectedValues.js";

// Each spawn costs ~2 s, so every run checks all the figures it prints.

interface ReferenceCase {
  name: string;
  trials: { eventsT: number; nT: number; eventsC: number; nC: number }[];
  [figure: string]: unknown;
}
const reference = JSON.parse(readFileSync(new URL("../../unit/stats/reference/pooled.json", import.meta.url), "utf8")) as {
  cases: ReferenceCase[];
};

function referenceCase(name: string): ReferenceCase {
  const found = reference.cases.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no reference case named ${name}`);
  return found;
}

function countArgs(c: ReferenceCase): string[] {
  const list = (pick: (t: ReferenceCase["trials"][number]) => number): string => c.trials.map(pick).join(",");
  return [
    "--src-events",
    list((t) => t.eventsT),
    "--src-cases",
    list((t) => t.nT),
    "--bau-events",
    list((t) => t.eventsC),
    "--bau-cases",
    list((t) => t.nC),
  ];
}

const RESULT_KEYS = [
  "breslowDay",
  "breslowDayTarone",
  "cmhCorrected",
  "cmhUncorrected",
  "homogeneity",
  "oddsRatio",
  "riskRatio",
  "trials",
  "trialsPooled",
];

interface PooledJson {
  trials: { label: string; rr: number | null; pooled: boolean; note: string | null }[];
  trialsPooled: number;
  riskRatio: Record<string, number | null>;
  oddsRatio: Record<string, number | null>;
  cmhCorrected: Record<string, number | null>;
  cmhUncorrected: Record<string, number | null>;
  breslowDay: Record<string, number | null>;
  breslowDayTarone: Record<string, number | null>;
  homogeneity: { test: string; p: number | null; disagree: boolean | null; reading: string };
}

async function pooledJson(args: string[]): Promise<PooledJson> {
  const run = await runCli(["analyse", "pooled", ...args, "--json"]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as PooledJson;
}

function againstR(json: PooledJson, c: ReferenceCase): string[] {
  const pairs: [string, number | null | undefined, unknown, number][] = [
    ["rrEstimate", json.riskRatio.estimate, c.rrEstimate, 1e-9],
    ["rrLower", json.riskRatio.lower, c.rrLower, 1e-9],
    ["rrUpper", json.riskRatio.upper, c.rrUpper, 1e-9],
    ["orEstimate", json.oddsRatio.estimate, c.orEstimate, 1e-9],
    ["orLower", json.oddsRatio.lower, c.orLower, 1e-9],
    ["orUpper", json.oddsRatio.upper, c.orUpper, 1e-9],
    ["cmhCorrected", json.cmhCorrected.statistic, c.cmhCorrected, 1e-9],
    ["cmhCorrectedP", json.cmhCorrected.p, c.cmhCorrectedP, 1e-7],
    ["cmhUncorrected", json.cmhUncorrected.statistic, c.cmhUncorrected, 1e-9],
    ["cmhUncorrectedP", json.cmhUncorrected.p, c.cmhUncorrectedP, 1e-7],
    ["breslowDay", json.breslowDay.statistic, c.breslowDay, 1e-9],
    ["breslowDayP", json.breslowDay.p, c.breslowDayP, 1e-7],
    ["tarone", json.breslowDayTarone.statistic, c.tarone, 1e-9],
    ["taroneP", json.breslowDayTarone.p, c.taroneP, 1e-7],
  ];
  return pairs.flatMap(([field, actual, wanted, tolerance]) => {
    const problem = relativeMismatch(actual ?? null, wanted as number | null, tolerance);
    return problem === null ? [] : [`${field}: ${problem}`];
  });
}

describe("reassure analyse pooled --json against R (test/unit/stats/reference/pooled.json)", () => {
  it("K = 2, with labels", async () => {
    const c = referenceCase("K = 2, similar sizes");
    const json = await pooledJson([...countArgs(c), "--labels", "North,South"]);
    expect(Object.keys(json).sort()).toEqual(RESULT_KEYS);
    expect(json.trials.map((t) => t.label)).toEqual(["North", "South"]);
    expect(againstR(json, c)).toEqual([]);
  });

  it("K = 12, trials that disagree, read with Tarone's correction", async () => {
    const c = referenceCase("K = 12, trials disagree");
    const json = await pooledJson([...countArgs(c), "--tarone"]);
    expect(againstR(json, c)).toEqual([]);
    expect(json.trials.map((t) => t.label)).toEqual(Array.from({ length: 12 }, (_, i) => `Trial ${i + 1}`));
    expect(json.homogeneity.test).toBe("Breslow-Day with Tarone's correction");
    expect(json.homogeneity.disagree).toBe(true);
  });

  it("a one-arm trial is listed and left out; an unbounded ratio is null, never Infinity", async () => {
    const json = await pooledJson(["--src-events", "3,2,1", "--src-cases", "10,12,4", "--bau-events", "0,0,0", "--bau-cases", "10,11,0"]);
    expect(json.trialsPooled).toBe(2);
    expect(json.trials[2]).toMatchObject({ pooled: false, rr: null, note: "no BAU cases: one arm only, left out of the pooled figures" });
    expect(json.riskRatio).toEqual({
      estimate: null,
      lower: null,
      upper: null,
      logSe: null,
      undefinedReason: "no attrition in the BAU arm of any trial: the pooled risk ratio is unbounded",
    });
  });
});

describe("reassure analyse pooled, readable", () => {
  it("prints each BCU, the pooled figures and both readings", async () => {
    const run = await runCli([
      "analyse",
      "pooled",
      "--src-events",
      "10,12,0,0",
      "--src-cases",
      "50,60,10,0",
      "--bau-events",
      "15,20,3,3",
      "--bau-cases",
      "50,58,9,5",
      "--labels",
      "North,South,East,West",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n").map((l) => l.trimEnd());
    expect(lines).toEqual([
      "Trial       SRC attrition      BAU attrition      Risk ratio (95% CI)",
      "North       10 / 50   20.0%    15 / 50   30.0%    0.67 (0.33–1.34)",
      "South       12 / 60   20.0%    20 / 58   34.5%    0.58 (0.31–1.08)",
      "East        0 / 10    0.0%     3 / 9     33.3%    0.13 (0.01–2.22)*",
      "West        0 / 0     —        3 / 5     60.0%    —",
      "* 0.5 added to every cell of that trial's own table, as one was zero",
      "  East: no attrition with SRC: its own RR adds 0.5 to each cell; the pooled figures need no correction",
      "  West: no SRC cases: one arm only, left out of the pooled figures",
      "",
      "Pooled risk ratio  0.57 (95% CI 0.36–0.90), Mantel-Haenszel (Greenland-Robins interval)",
      "Common odds ratio  0.47 (95% CI 0.26–0.86), Mantel-Haenszel",
      "CMH test           5.46, p = 0.019 (continuity-corrected)",
      "  uncorrected      6.18, p = 0.013",
      "Breslow-Day        2.29 on 2 df, p = 0.32 (Tarone 2.29, p = 0.32)",
      "",
      "Attrition pooled over 3 trials: risk ratio 0.57 (95% CI 0.36–0.90) with SRC v without; the difference is unlikely to be chance alone (CMH p = 0.019).",
      "No sign that the trials disagree (Breslow-Day p = 0.32).",
      "",
    ]);
  });

  it("says why a figure is missing instead of printing Infinity or NaN", async () => {
    const run = await runCli(["analyse", "pooled", "--src-events", "3,2", "--src-cases", "10,12", "--bau-events", "0,0", "--bau-cases", "10,11"]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/Infinity|NaN/);
    const lines = run.stdout.split("\n");
    expect(lines).toContain("Pooled risk ratio  not estimable — no attrition in the BAU arm of any trial: the pooled risk ratio is unbounded");
    expect(lines).toContain("CMH test           3.34, p = 0.068 (continuity-corrected)");
    expect(lines).toContain(
      "Whether the trials disagree cannot be checked: the common odds ratio is 0 or unbounded, so the trials' odds ratios cannot be compared with it.",
    );
  });

  it("is listed by reassure analyse --help", async () => {
    const run = await runCli(["analyse", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}pooled \[options\]/m);
  });
});

describe("reassure analyse pooled refuses invalid input with exit code 2 and says what is wrong", () => {
  const base = { srcEvents: "10,12", srcCases: "50,60", bauEvents: "15,20", bauCases: "50,58" };
  const args = (o: Partial<typeof base> & { labels?: string }): string[] => {
    const all = { ...base, ...o };
    return [
      "--src-events",
      all.srcEvents,
      "--src-cases",
      all.srcCases,
      "--bau-events",
      all.bauEvents,
      "--bau-cases",
      all.bauCases,
      ...(o.labels === undefined ? [] : ["--labels", o.labels]),
    ];
  };
  const cases: [string, string[], string][] = [
    ["lists of different lengths", args({ bauCases: "50,58,40" }), "--bau-cases: 3 values but --src-events has 2 (one per trial, in the same order)"],
    ["events above cases, naming the trial", args({ srcEvents: "10,70", labels: "North,South" }), "--src-events: South: cannot exceed --src-cases (70 > 60)"],
    ["BAU events above cases", args({ bauEvents: "51,20" }), "--bau-events: Trial 1: cannot exceed --bau-cases (51 > 50)"],
    ["a negative number", args({ srcEvents: "10,-3" }), '--src-events: value 2 must be a whole number ≥ 0, got "-3" (in "10,-3")'],
    ["a fraction", args({ bauCases: "50,58.5" }), '--bau-cases: value 2 must be a whole number ≥ 0, got "58.5" (in "50,58.5")'],
    ["an empty value", args({ srcCases: "50,,60" }), '--src-cases: value 2 must be a whole number ≥ 0, got "" (in "50,,60")'],
    ["a label count that does not match", args({ labels: "North" }), "--labels: 1 label for 2 trials"],
    ["a repeated label", args({ labels: "North,North" }), '--labels: "North" is given twice'],
    ["an empty label", args({ labels: "North," }), '--labels: label 2 is empty (in "North,")'],
  ];
  for (const [what, given, message] of cases) {
    it(what, async () => {
      const run = await runCli(["analyse", "pooled", ...given, "--json"]);
      expect(run).toEqual({ code: 2, stdout: "", stderr: `${message}\n` });
    });
  }

  it("a missing list", async () => {
    const run = await runCli(["analyse", "pooled", "--src-events", "1", "--src-cases", "2", "--bau-events", "1", "--json"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n")[0]).toBe("error: required option '--bau-cases <list>' not specified");
  });
});
