import { readFileSync } from "node:fs";

/** Shape of reference/expected.json, written by reference/make-expected.R. */
export interface ExpectedTable {
  name: string;
  eventsT: number;
  nT: number;
  eventsC: number;
  nC: number;
  riskTreatment: number;
  riskControl: number;
  rr: number;
  rrLower: number;
  rrUpper: number;
  rrCorrected: boolean;
  rd: number;
  rdLower: number;
  rdUpper: number;
  fisherP: number;
  chiSquare: number | null;
  chiSquareP: number | null;
  chiSquareYates: number | null;
  chiSquareYatesP: number | null;
  expectedBelow5: boolean;
}

export interface ExpectedPower {
  n: number;
  p1: number;
  p2: number;
  alpha: number;
  strict: boolean;
  power: number;
}

export interface ExpectedSampleSize {
  p1: number;
  p2: number;
  alpha: number;
  power: number;
  strict: boolean;
  nPerArm: number;
  nPerArmCeiling: number;
  nPerArmDefaultTolerance: number;
}

export interface ExpectedValues {
  rVersion: string;
  tables: ExpectedTable[];
  power: ExpectedPower[];
  sampleSize: ExpectedSampleSize[];
  normal: {
    qnorm975: number;
    quantiles: { p: number; z: number }[];
    cdf: { x: number; p: number }[];
    chiSquare1Sf: { x: number; p: number }[];
    lgamma: { x: number; value: number }[];
  };
}

export const expected: ExpectedValues = JSON.parse(
  readFileSync(new URL("./reference/expected.json", import.meta.url), "utf8"),
) as ExpectedValues;

/**
 * |actual − expected| ≤ relative·|expected|, with an absolute floor of 1e-15 so that expected zeros
 * (a risk difference of exactly 0) compare sensibly. Returns a message for the failure report.
 */
export function relativeMismatch(actual: number | null, wanted: number | null, relative: number): string | null {
  if (wanted === null || actual === null) {
    return actual === wanted ? null : `expected ${String(wanted)}, got ${String(actual)}`;
  }
  const error = Math.abs(actual - wanted);
  return error <= relative * Math.abs(wanted) + 1e-15
    ? null
    : `expected ${wanted}, got ${actual} (relative error ${error / Math.abs(wanted)})`;
}
