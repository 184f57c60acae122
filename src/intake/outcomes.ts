import { checkedDate } from "./checkedDate.js";
import { createCrimeRefChecker } from "./crimeRefs.js";
import type { CsvSource } from "./csvRows.js";
import { readCsvRows } from "./csvRows.js";
import type { CommonIntakeOptions } from "./intakeOptions.js";
import { csvLimits } from "./intakeOptions.js";
import type { Problem, RowResult } from "./problem.js";
import { echo } from "./problem.js";

/** Home Office crime outcome codes (19 is unused, 1A is the out-of-court variant many forces record). */
export const HOME_OFFICE_OUTCOME_CODES: readonly string[] = [
  "1",
  "1A",
  ...Array.from({ length: 17 }, (_, i) => String(i + 2)),
  "20",
  "21",
  "22",
];

export interface OutcomeRecord {
  crimeRef: string;
  outcomeCode: string;
  /** Midnight UK time when the export gives only a date. */
  outcomeDate: Date;
}

export interface OutcomeIntakeOptions extends CommonIntakeOptions {
  /** Force-specific codes accepted besides the Home Office list. */
  localOutcomeCodes?: readonly string[];
}

const OUTCOME_COLUMNS = ["crime_ref", "outcome_code", "outcome_date"] as const;

/** Streams a case-outcomes export; same conventions as parseCaseCsv. */
export async function* parseOutcomeCsv(
  source: CsvSource,
  options: OutcomeIntakeOptions = {},
): AsyncGenerator<RowResult<OutcomeRecord>> {
  const checkCrimeRef = createCrimeRefChecker(options);
  const local = (options.localOutcomeCodes ?? []).map((c) => c.trim().toUpperCase());
  const codes = new Set([...HOME_OFFICE_OUTCOME_CODES, ...local]);
  const codeList = [...codes].join(", ");
  const schema = { columns: OUTCOME_COLUMNS, required: OUTCOME_COLUMNS, allowedExtraColumns: options.allowedExtraColumns };

  for await (const row of readCsvRows(source, schema, csvLimits(options))) {
    if (!row.ok) {
      yield row;
      continue;
    }
    const problems: Problem[] = [];
    const crimeRef = checkCrimeRef(row.record["crime_ref"], row.row, problems);
    const code = (row.record["outcome_code"] ?? "").trim().toUpperCase();
    if (!codes.has(code)) {
      problems.push({ row: row.row, column: "outcome_code", value: echo(code), expected: `an outcome code: ${codeList}` });
    }
    const outcomeDate = checkedDate(row.record["outcome_date"], "outcome_date", row.row, problems, {
      needsTime: false,
      now: options.now,
    });
    yield crimeRef === undefined || outcomeDate === undefined || problems.length > 0
      ? { row: row.row, ok: false, problems }
      : { row: row.row, ok: true, record: { crimeRef, outcomeCode: code, outcomeDate } };
  }
}
