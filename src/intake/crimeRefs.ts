import type { CommonIntakeOptions } from "./intakeOptions.js";
import { DEFAULT_CRIME_REF_DESCRIPTION, DEFAULT_CRIME_REF_PATTERN } from "./intakeOptions.js";
import type { CellCheck } from "./problem.js";
import { echo } from "./problem.js";

export const CRIME_REF = "crime_ref";

/**
 * Checks crime references within one file or body: format, and that each appears once (a repeat is
 * reported on the later row, naming the first).
 */
export function createCrimeRefChecker(options: CommonIntakeOptions): CellCheck<string> {
  // A caller's /g or /y pattern would make test() stateful and skip every other match.
  const given = options.crimeRefPattern ?? DEFAULT_CRIME_REF_PATTERN;
  const pattern = new RegExp(given.source, given.flags.replace(/[gy]/g, ""));
  const description =
    options.crimeRefDescription ??
    (options.crimeRefPattern === undefined ? DEFAULT_CRIME_REF_DESCRIPTION : `matching ${given.source}`);
  const firstRow = new Map<string, number>();

  return (raw, row, problems) => {
    const value = (raw ?? "").trim();
    if (value === "") {
      problems.push({ row, column: CRIME_REF, expected: "a crime reference (required)" });
      return undefined;
    }
    if (!pattern.test(value)) {
      problems.push({ row, column: CRIME_REF, value: echo(value), expected: `a crime reference: ${description}` });
      return undefined;
    }
    const first = firstRow.get(value);
    if (first !== undefined) {
      problems.push({
        row,
        column: CRIME_REF,
        value: echo(value),
        expected: `a crime reference not already used in this file (first used on row ${first})`,
      });
      return undefined;
    }
    firstRow.set(value, row);
    return value;
  };
}
