import { describe, expect, it } from "vitest";
import { analyse2x2, type TwoByTwoResult } from "../../../src/stats/index.js";
import { expected, relativeMismatch } from "./expectedValues.js";

const CLOSED_FORM = 1e-9;
const P_VALUE = 1e-7;

const closedFormFields = [
  "riskTreatment",
  "riskControl",
  "rr",
  "rrLower",
  "rrUpper",
  "rd",
  "rdLower",
  "rdUpper",
  "chiSquare",
  "chiSquareYates",
] as const satisfies readonly (keyof TwoByTwoResult)[];
const pValueFields = ["fisherP", "chiSquareP", "chiSquareYatesP"] as const satisfies readonly (keyof TwoByTwoResult)[];

describe("analyse2x2 against R (reference/expected.json)", () => {
  it("covers the required tables", () => {
    expect(expected.tables.length).toBeGreaterThanOrEqual(18);
  });

  for (const table of expected.tables) {
    const label = `${table.name}: ${table.eventsT}/${table.nT} v ${table.eventsC}/${table.nC}`;
    it(label, () => {
      const result = analyse2x2(table);
      const mismatches: string[] = [];
      for (const field of closedFormFields) {
        const problem = relativeMismatch(result[field], table[field], CLOSED_FORM);
        if (problem !== null) mismatches.push(`${field}: ${problem}`);
      }
      for (const field of pValueFields) {
        const problem = relativeMismatch(result[field], table[field], P_VALUE);
        if (problem !== null) mismatches.push(`${field}: ${problem}`);
      }
      expect(mismatches).toEqual([]);
      expect(result.rrCorrected).toBe(table.rrCorrected);
      expect(result.expectedBelow5).toBe(table.expectedBelow5);
    });
  }
});

describe("analyse2x2 published and hand-checked values", () => {
  it("reproduces Newcombe (1998) Table II, 56/70 v 48/80, method 10: +0.0524 to +0.3339", () => {
    const result = analyse2x2({ eventsT: 56, nT: 70, eventsC: 48, nC: 80 });
    expect(result.rd).toBeCloseTo(0.2, 12);
    expect(result.rdLower).toBeCloseTo(0.0524, 4);
    expect(result.rdUpper).toBeCloseTo(0.3339, 4);
  });

  it("applies the 0.5 correction to both arms when both have no events (RR = (0.5/11)/(0.5/13))", () => {
    const result = analyse2x2({ eventsT: 0, nT: 10, eventsC: 0, nC: 12 });
    expect(result.rrCorrected).toBe(true);
    expect(result.rr).toBeCloseTo(13 / 11, 14);
    expect(result.chiSquare).toBeNull();
    expect(result.fisherP).toBe(1);
  });

  it("returns exactly the fixed CLI field set", () => {
    const result = analyse2x2({ eventsT: 30, nT: 125, eventsC: 39, nC: 125 });
    expect(Object.keys(result).sort()).toEqual(
      [
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
        "expectedBelow5",
      ].sort(),
    );
  });
});
