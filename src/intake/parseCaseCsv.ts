import type { CaseIntakeOptions, CaseRecord } from "./caseRecord.js";
import { CASE_COLUMNS, REQUIRED_CASE_COLUMNS } from "./caseRecord.js";
import { createCaseValidator } from "./caseValidator.js";
import type { CsvSource } from "./csvRows.js";
import { readCsvRows } from "./csvRows.js";
import { csvLimits } from "./intakeOptions.js";
import type { RowResult } from "./problem.js";

/**
 * Streams a CMS case export (a Readable, or any async iterable of text or bytes) and yields one
 * result per data row as soon as it is read. Throws IntakeHeaderError, on the first step, when the
 * header is unusable or names a personal-data column.
 */
export async function* parseCaseCsv(source: CsvSource, options: CaseIntakeOptions): AsyncGenerator<RowResult<CaseRecord>> {
  const validate = createCaseValidator(options);
  const schema = {
    columns: CASE_COLUMNS,
    required: REQUIRED_CASE_COLUMNS,
    allowedExtraColumns: options.allowedExtraColumns,
  };
  for await (const row of readCsvRows(source, schema, csvLimits(options))) {
    yield row.ok ? validate(row.record, row.row) : row;
  }
}
