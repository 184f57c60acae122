import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  analysePooledTrials,
  breslowDay,
  chiSquareSf,
  cochranMantelHaenszel,
  homogeneityReading,
  mantelHaenszelOddsRatio,
  mantelHaenszelRiskRatio,
  pearsonChiSquare2x2,
  StatsInputError,
  type TrialCounts,
} from "../../../src/stats/index.js";
import { relativeMismatch } from "./expectedValues.js";

/** Shape of reference/pooled.json, written by reference/make-pooled.R (null: R gave NA, NaN or ±Inf). */
interface PooledCase {
  name: string;
  trials: TrialCounts[];
  cmhCorrected: number | null;
  cmhCorrectedP: number | null;
  cmhCorrectedMethod: string;
  cmhUncorrected: number | null;
  cmhUncorrectedP: number | null;
  orEstimate: number | null;
  orLower: number | null;
  orUpper: number | null;
  rrEstimate: number | null;
  rrLower: number | null;
  rrUpper: number | null;
  rrLogSe: number | null;
  breslowDay: number | null;
  breslowDayP: number | null;
  tarone: number | null;
  taroneP: number | null;
  trialsCompared: number;
}

interface PooledReference {
  rVersion: string;
  metaforVersion: string;
  cases: PooledCase[];
  chiSquareSf: { x: number; df: number; p: number }[];
}

const reference = JSON.parse(readFileSync(new URL("./reference/pooled.json", import.meta.url), "utf8")) as PooledReference;

// Closed forms agree with R to rounding; p-values to R's pchisq accuracy. Both are far inside the 1e-7 asked for.
const CLOSED_FORM = 1e-9;
const P_VALUE = 1e-7;

function referenceCase(name: string): PooledCase {
  const found = reference.cases.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no reference case named ${name}`);
  return found;
}

describe("pooled trials against R (reference/pooled.json: mantelhaen.test, metafor::rma.mh)", () => {
  it("covers K = 1, 2 and 12, zero cells, one-arm and tiny trials", () => {
    const sizes = new Set(reference.cases.map((c) => c.trials.length));
    expect(sizes).toContain(1);
    expect(sizes).toContain(2);
    expect(sizes).toContain(12);
    expect(reference.cases.length).toBeGreaterThanOrEqual(17);
  });

  for (const c of reference.cases) {
    it(`${c.name} (K = ${c.trials.length})`, () => {
      const result = analysePooledTrials(c.trials);
      const check: [string, number | null, number | null, number][] = [
        ["cmhCorrected", result.cmhCorrected.statistic, c.cmhCorrected, CLOSED_FORM],
        ["cmhCorrectedP", result.cmhCorrected.p, c.cmhCorrectedP, P_VALUE],
        ["cmhUncorrected", result.cmhUncorrected.statistic, c.cmhUncorrected, CLOSED_FORM],
        ["cmhUncorrectedP", result.cmhUncorrected.p, c.cmhUncorrectedP, P_VALUE],
        ["orLower", result.oddsRatio.lower, c.orLower, CLOSED_FORM],
        ["orUpper", result.oddsRatio.upper, c.orUpper, CLOSED_FORM],
        ["rrLower", result.riskRatio.lower, c.rrLower, CLOSED_FORM],
        ["rrUpper", result.riskRatio.upper, c.rrUpper, CLOSED_FORM],
        ["rrLogSe", result.riskRatio.logSe, c.rrLogSe, CLOSED_FORM],
      ];
      // R reports an odds ratio of 0 (and metafor NA for a risk ratio of 0); the product gives 0 without an interval for both.
      if (!(c.orEstimate === null && result.oddsRatio.estimate === null)) check.push(["orEstimate", result.oddsRatio.estimate, c.orEstimate, CLOSED_FORM]);
      if (result.riskRatio.estimate !== 0) check.push(["rrEstimate", result.riskRatio.estimate, c.rrEstimate, CLOSED_FORM]);
      // metafor computes a Breslow-Day sum for a single comparable trial but no p; the product reports no test.
      if (c.breslowDayP !== null || result.breslowDay.p !== null) {
        check.push(
          ["breslowDay", result.breslowDay.statistic, c.breslowDay, CLOSED_FORM],
          ["breslowDayP", result.breslowDay.p, c.breslowDayP, P_VALUE],
          ["tarone", result.breslowDayTarone.statistic, c.tarone, CLOSED_FORM],
          ["taroneP", result.breslowDayTarone.p, c.taroneP, P_VALUE],
        );
        expect(result.breslowDay.trialsCompared).toBe(c.trialsCompared);
        expect(result.breslowDay.df).toBe(c.trialsCompared - 1);
      } else {
        expect(result.breslowDay.statistic).toBeNull();
      }
      const mismatches = check.flatMap(([field, actual, wanted, tolerance]) => {
        const problem = relativeMismatch(actual, wanted, tolerance);
        return problem === null ? [] : [`${field}: ${problem}`];
      });
      expect(mismatches).toEqual([]);
      expect(result.cmhCorrected.continuityCorrected).toBe(c.cmhCorrectedMethod.includes("with continuity"));
    });
  }
});

describe("pooled trials: zero cells, one-arm trials and undefined figures", () => {
  it("a zero-events-in-both-arms trial adds nothing: same figures as without it", () => {
    const others = [
      { eventsT: 6, nT: 40, eventsC: 11, nC: 42 },
      { eventsT: 9, nT: 35, eventsC: 12, nC: 33 },
    ];
    const withEmpty = analysePooledTrials([{ eventsT: 0, nT: 15, eventsC: 0, nC: 12 }, ...others]);
    const without = analysePooledTrials(others);
    expect(withEmpty.riskRatio.estimate).toBeCloseTo(without.riskRatio.estimate ?? Number.NaN, 14);
    expect(withEmpty.riskRatio.logSe).toBeCloseTo(without.riskRatio.logSe ?? Number.NaN, 14);
    expect(withEmpty.cmhCorrected.statistic).toBeCloseTo(without.cmhCorrected.statistic ?? Number.NaN, 14);
    expect(withEmpty.breslowDay.statistic).toBeCloseTo(without.breslowDay.statistic ?? Number.NaN, 14);
    expect(withEmpty.breslowDay.trialsCompared).toBe(2);
    expect(withEmpty.trials[0]?.note).toBe("no attrition in either arm: adds nothing to the pooled figures");
    expect(withEmpty.trials[0]?.pooled).toBe(true);
  });

  it("a one-arm trial is listed, has no RR of its own and is left out", () => {
    const result = analysePooledTrials([
      { eventsT: 0, nT: 0, eventsC: 3, nC: 5 },
      { eventsT: 6, nT: 40, eventsC: 11, nC: 42 },
      { eventsT: 4, nT: 6, eventsC: 0, nC: 0 },
    ]);
    expect(result.trialsPooled).toBe(1);
    expect(result.trials.map((t) => [t.pooled, t.rr === null, t.note])).toEqual([
      [false, true, "no SRC cases: one arm only, left out of the pooled figures"],
      [true, false, null],
      [false, true, "no BAU cases: one arm only, left out of the pooled figures"],
    ]);
    expect(result.trials[1]?.rr).toBeCloseTo(6 / 40 / (11 / 42), 14);
    expect(result.riskRatio.estimate).toBeCloseTo(6 / 40 / (11 / 42), 14);
  });

  it("K = 1: the MH risk ratio is the trial's crude RR and the uncorrected CMH is (N − 1)/N × Pearson X²", () => {
    const result = analysePooledTrials([{ eventsT: 30, nT: 125, eventsC: 39, nC: 125, label: "North" }]);
    expect(result.riskRatio.estimate).toBeCloseTo(30 / 39, 14);
    const pearson = pearsonChiSquare2x2(30, 95, 39, 86).chiSquare ?? Number.NaN;
    expect(relativeMismatch(result.cmhUncorrected.statistic, (pearson * 249) / 250, 1e-13)).toBeNull();
    expect(result.homogeneity.reading).toBe(
      "Whether the trials disagree cannot be checked: only one trial has cases in both arms with both attrition and kept cases: there is nothing to compare it with.",
    );
    expect(result.trials[0]?.label).toBe("North");
  });

  it("no BAU attrition anywhere: the risk and odds ratios are unbounded (null, with a reason), the CMH test still runs", () => {
    const trials = [
      { eventsT: 3, nT: 10, eventsC: 0, nC: 10 },
      { eventsT: 2, nT: 12, eventsC: 0, nC: 11 },
    ];
    expect(mantelHaenszelRiskRatio(trials)).toEqual({
      estimate: null,
      lower: null,
      upper: null,
      logSe: null,
      undefinedReason: "no attrition in the BAU arm of any trial: the pooled risk ratio is unbounded",
    });
    expect(mantelHaenszelOddsRatio(trials).estimate).toBeNull();
    expect(cochranMantelHaenszel(trials).statistic).toBeGreaterThan(0);
    expect(breslowDay(trials).undefinedReason).toBe("the common odds ratio is 0 or unbounded, so the trials' odds ratios cannot be compared with it");
  });

  it("no SRC attrition anywhere: the risk ratio is 0 without an interval", () => {
    const r = mantelHaenszelRiskRatio([
      { eventsT: 0, nT: 10, eventsC: 3, nC: 10 },
      { eventsT: 0, nT: 12, eventsC: 2, nC: 11 },
    ]);
    expect(r).toEqual({
      estimate: 0,
      lower: null,
      upper: null,
      logSe: null,
      undefinedReason: "no attrition in the SRC arm of any trial: the pooled risk ratio is 0 and has no interval",
    });
  });

  it("no attrition anywhere: nothing is estimable, the CMH test has no variation", () => {
    const result = analysePooledTrials([
      { eventsT: 0, nT: 10, eventsC: 0, nC: 10 },
      { eventsT: 0, nT: 12, eventsC: 0, nC: 11 },
    ]);
    expect(result.riskRatio.undefinedReason).toBe("no attrition in either arm of any trial with both arms: there is nothing to compare");
    expect(result.cmhCorrected).toMatchObject({ statistic: null, p: null });
    expect(result.cmhCorrected.undefinedReason).toBe("no trial with both arms has both attrition and kept cases: there is no variation to test");
  });

  it("no trial with both arms: every figure is null with the same reason", () => {
    const result = analysePooledTrials([{ eventsT: 0, nT: 0, eventsC: 1, nC: 1 }]);
    expect(result.trialsPooled).toBe(0);
    expect(result.riskRatio.undefinedReason).toBe("no trial has cases in both arms");
    expect(result.cmhCorrected.undefinedReason).toBe("no trial has cases in both arms");
  });

  it("never returns NaN or an infinity, whatever the counts", () => {
    const trial = fc
      .tuple(fc.nat(12), fc.nat(12), fc.nat(12), fc.nat(12))
      .map(([x, y, u, v]) => ({ eventsT: Math.min(x, y), nT: Math.max(x, y), eventsC: Math.min(u, v), nC: Math.max(u, v) }));
    const numbersIn = (value: unknown): number[] =>
      typeof value === "number" ? [value] : value !== null && typeof value === "object" ? Object.values(value).flatMap(numbersIn) : [];
    fc.assert(
      fc.property(fc.array(trial, { minLength: 1, maxLength: 6 }), fc.boolean(), (trials, tarone) => {
        const result = analysePooledTrials(trials, { tarone });
        for (const n of numbersIn(result)) expect(Number.isFinite(n)).toBe(true);
        for (const p of [result.cmhCorrected.p, result.cmhUncorrected.p, result.breslowDay.p, result.breslowDayTarone.p]) {
          if (p !== null) {
            expect(p).toBeGreaterThanOrEqual(0);
            expect(p).toBeLessThanOrEqual(1);
          }
        }
        if (result.riskRatio.lower !== null && result.riskRatio.upper !== null && result.riskRatio.estimate !== null) {
          expect(result.riskRatio.lower).toBeLessThanOrEqual(result.riskRatio.estimate * (1 + 1e-12));
          expect(result.riskRatio.upper).toBeGreaterThanOrEqual(result.riskRatio.estimate * (1 - 1e-12));
        }
      }),
      { numRuns: 500 },
    );
  });

  it("does not depend on the order of the trials", () => {
    const trials = referenceCase("K = 12, trials disagree").trials;
    const forward = analysePooledTrials(trials);
    const backward = analysePooledTrials([...trials].reverse());
    expect(relativeMismatch(backward.riskRatio.estimate, forward.riskRatio.estimate, 1e-13)).toBeNull();
    expect(relativeMismatch(backward.breslowDay.statistic, forward.breslowDay.statistic, 1e-12)).toBeNull();
    expect(relativeMismatch(backward.cmhCorrected.statistic, forward.cmhCorrected.statistic, 1e-12)).toBeNull();
  });
});

describe("the homogeneity reading", () => {
  it("says plainly when the trials disagree, and which test", () => {
    const result = analysePooledTrials(referenceCase("K = 12, trials disagree").trials);
    expect(result.homogeneity.disagree).toBe(true);
    expect(result.homogeneity.reading).toBe(
      "The trials disagree (Breslow-Day p < 0.001): the pooled risk ratio hides real differences between BCUs; read each BCU's result.",
    );
    const tarone = analysePooledTrials(referenceCase("K = 12, trials disagree").trials, { tarone: true });
    expect(tarone.homogeneity.test).toBe("Breslow-Day with Tarone's correction");
    expect(tarone.homogeneity.reading).toMatch(/^The trials disagree \(Breslow-Day, Tarone p < 0\.001\)/);
  });

  it("rounds the p-value as the rest of the product does", () => {
    const base = { df: 3, tarone: false, trialsCompared: 4, undefinedReason: null };
    expect(homogeneityReading({ ...base, statistic: 1.78, p: 0.6193 }).reading).toBe("No sign that the trials disagree (Breslow-Day p = 0.62).");
    expect(homogeneityReading({ ...base, statistic: 11.3, p: 0.0102 }).reading).toBe(
      "The trials disagree (Breslow-Day p = 0.010): the pooled risk ratio hides real differences between BCUs; read each BCU's result.",
    );
    expect(homogeneityReading({ ...base, statistic: 7.9, p: 0.05 }).disagree).toBe(false);
  });
});

describe("input the pooled analysis refuses", () => {
  const refusal = (trials: TrialCounts[]): StatsInputError => {
    try {
      analysePooledTrials(trials);
    } catch (error) {
      if (error instanceof StatsInputError) return error;
      throw error;
    }
    throw new Error("not refused");
  };

  it("no trials", () => {
    expect(refusal([]).message).toBe("trials: at least one trial is needed");
  });

  it("events above cases, naming the trial", () => {
    const error = refusal([{ eventsT: 1, nT: 5, eventsC: 2, nC: 5 }, { eventsT: 1, nT: 5, eventsC: 7, nC: 5 }]);
    expect(error.argument).toBe("bau-events");
    expect(error.message).toBe("bau-events: trial 2: must not exceed bau-cases (5), got 7");
  });

  it("a negative or fractional count", () => {
    expect(refusal([{ eventsT: -1, nT: 5, eventsC: 2, nC: 5 }]).message).toBe("src-events: trial 1: must be a whole number ≥ 0, got -1");
    expect(refusal([{ eventsT: 1, nT: 5.5, eventsC: 2, nC: 5 }]).message).toBe("src-cases: trial 1: must be a whole number ≥ 0, got 5.5");
  });
});

describe("chiSquareSf against R pchisq(x, df, lower.tail = FALSE)", () => {
  it.each(reference.chiSquareSf)("x = $x, df = $df", ({ x, df, p }) => {
    expect(relativeMismatch(chiSquareSf(x, df), p, 1e-12)).toBeNull();
  });

  it("is 1 at 0 and NaN for a df that is not a whole number ≥ 1", () => {
    expect(chiSquareSf(0, 4)).toBe(1);
    expect(chiSquareSf(3, 0)).toBeNaN();
    expect(chiSquareSf(3, 2.5)).toBeNaN();
  });
});
