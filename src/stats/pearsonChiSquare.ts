import { chiSquare1Sf } from "./chiSquare.js";

export interface PearsonChiSquareResult {
  /** Null when an expected count is 0 (a zero margin): the statistic is 0/0 and R reports NaN. */
  chiSquare: number | null;
  chiSquareP: number | null;
  chiSquareYates: number | null;
  chiSquareYatesP: number | null;
  /** Any expected count below 5: the chi-square approximation is doubtful, prefer Fisher's p. */
  expectedBelow5: boolean;
}

/**
 * Pearson's chi-square test of the 2×2 table [[a, b], [c, d]], with and without Yates' continuity
 * correction, exactly as R's chisq.test(matrix, correct = FALSE / TRUE). R caps the correction at
 * min(0.5, |O − E|) so that it can never push a deviation past zero and inflate the statistic; the
 * sum is taken cell by cell, as R does, so rounding matches too.
 */
export function pearsonChiSquare2x2(a: number, b: number, c: number, d: number): PearsonChiSquareResult {
  const observed = [a, b, c, d];
  const rows = [a + b, a + b, c + d, c + d];
  const columns = [a + c, b + d, a + c, b + d];
  const total = a + b + c + d;
  const expected = observed.map((_, i) => ((rows[i] ?? 0) * (columns[i] ?? 0)) / total);
  const expectedBelow5 = expected.some((e) => e < 5);
  if (expected.some((e) => e === 0)) {
    return { chiSquare: null, chiSquareP: null, chiSquareYates: null, chiSquareYatesP: null, expectedBelow5 };
  }
  const deviations = observed.map((o, i) => Math.abs(o - (expected[i] ?? 0)));
  const yates = Math.min(0.5, ...deviations);
  const statistic = (correction: number): number =>
    deviations.reduce((sum, deviation, i) => sum + (deviation - correction) ** 2 / (expected[i] ?? 1), 0);
  const chiSquare = statistic(0);
  const chiSquareYates = statistic(yates);
  return {
    chiSquare,
    chiSquareP: chiSquare1Sf(chiSquare),
    chiSquareYates,
    chiSquareYatesP: chiSquare1Sf(chiSquareYates),
    expectedBelow5,
  };
}
