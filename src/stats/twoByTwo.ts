import { fisherExact2x2 } from "./fisherExact.js";
import { newcombeRiskDifference } from "./newcombeRiskDifference.js";
import { pearsonChiSquare2x2 } from "./pearsonChiSquare.js";
import { katzRelativeRisk } from "./relativeRisk.js";
import { validateTwoByTwoInput, type TwoByTwoInput } from "./validation.js";

/** One binary outcome by arm. Field names are a fixed contract with the CLI and the report. */
export interface TwoByTwoResult {
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

/**
 * Effect sizes, 95% intervals and tests for treatment (SRC) versus control (BAU): Katz relative risk,
 * Newcombe risk difference, Fisher's exact p, Pearson chi-square with and without Yates. Throws
 * StatsInputError for counts that are not a valid table.
 */
export function analyse2x2(input: TwoByTwoInput): TwoByTwoResult {
  validateTwoByTwoInput(input);
  const { eventsT, nT, eventsC, nC } = input;
  const a = eventsT;
  const b = nT - eventsT;
  const c = eventsC;
  const d = nC - eventsC;
  return {
    riskTreatment: eventsT / nT,
    riskControl: eventsC / nC,
    ...katzRelativeRisk(eventsT, nT, eventsC, nC),
    ...newcombeRiskDifference(eventsT, nT, eventsC, nC),
    fisherP: fisherExact2x2(a, b, c, d),
    ...pearsonChiSquare2x2(a, b, c, d),
  };
}
