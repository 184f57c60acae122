import { Readable, pipeline } from "node:stream";
import { parse } from "csv-parse";
import type { InfoRecord } from "csv-parse";
import { PERSONAL_DATA_REFUSAL, looksLikePersonalData, normaliseColumnName } from "./columnNames.js";
import type { LineFault } from "./csvLines.js";
import { guardCsvLines, lineFaultOf } from "./csvLines.js";
import type { CsvLimits } from "./intakeOptions.js";
import type { Problem, RowResult } from "./problem.js";
import { IntakeHeaderError } from "./problem.js";

export interface CsvSchema {
  /** Normalised names of the columns the validator reads. */
  columns: readonly string[];
  required: readonly string[];
  allowedExtraColumns?: readonly string[];
}

/** Cell text of the schema's columns present in the file, by normalised column name. */
export type Fields = Readonly<Partial<Record<string, string>>>;

/** A Readable, or any (async) iterable of text or bytes; a whole file as one string also works. */
export type CsvSource = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

interface Header {
  width: number;
  positions: ReadonlyMap<string, number>;
}

const FAULT_EXPECTED: Record<Exclude<LineFault, "too-long">, string> = {
  "unclosed-quote": "well-formed CSV: a quoted field is not closed on this line (a field cannot span lines)",
  "stray-quote": 'well-formed CSV: a quote inside an unquoted field or text after a closing quote (write "" for a quote)',
  binary: "text, not binary data",
};

/**
 * Streams a CSV through csv-parse, one record at a time, and yields each data row's fields or the
 * structural problems with it. Row numbers count physical lines after the header, so row N is the Nth
 * line below it (blank lines are skipped but counted). Header faults throw IntakeHeaderError at the
 * first step of the iteration.
 */
export async function* readCsvRows(
  source: CsvSource,
  schema: CsvSchema,
  limits: CsvLimits,
): AsyncGenerator<RowResult<Fields>> {
  const parser = parse({ info: true, relax_column_count: true, skip_empty_lines: true, record_delimiter: "\n" });
  const chunks = typeof source === "string" ? [source] : source;
  // pipeline destroys the parser, and so ends the loop below with the error, if the source fails.
  pipeline(Readable.from(guardCsvLines(chunks, limits.maxLineLength)), parser, () => undefined);

  let header: Header | undefined;
  let headerLine = 0;
  let dataRows = 0;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: InfoRecord }>) {
    if (record.every((cell) => cell.trim() === "")) continue;
    if (header === undefined) {
      header = readHeader(record, schema);
      headerLine = info.lines;
      continue;
    }
    const row = info.lines - headerLine;
    dataRows += 1;
    if (dataRows > limits.maxRows) {
      const expected = `at most ${limits.maxRows} data rows in one file: this row and the rest were not read`;
      yield fail(row, { row, expected });
      return;
    }
    yield toFields(record, row, header, limits);
  }
  if (header === undefined) {
    throw new IntakeHeaderError([{ row: 0, expected: "a header line naming the columns (the file is empty)" }]);
  }
}

function toFields(record: readonly string[], row: number, header: Header, limits: CsvLimits): RowResult<Fields> {
  const fault = lineFaultOf(record);
  if (fault !== undefined) {
    const expected = fault === "too-long" ? `a line of at most ${limits.maxLineLength} characters` : FAULT_EXPECTED[fault];
    return fail(row, { row, expected });
  }
  if (record.length !== header.width) {
    return fail(row, { row, expected: `${header.width} fields as in the header, found ${record.length}` });
  }
  const fields: Partial<Record<string, string>> = {};
  for (const [name, position] of header.positions) fields[name] = record[position];
  return { row, ok: true, record: fields };
}

function fail(row: number, problem: Problem): RowResult<Fields> {
  return { row, ok: false, problems: [problem] };
}

function readHeader(record: readonly string[], schema: CsvSchema): Header {
  if (lineFaultOf(record) !== undefined) {
    throw new IntakeHeaderError([{ row: 0, expected: "a header line of well-formed CSV column names" }]);
  }
  const problems = headerProblems(record, schema);
  if (problems.length > 0) throw new IntakeHeaderError(problems);
  const positions = new Map<string, number>();
  record.forEach((cell, position) => {
    const name = normaliseColumnName(cell);
    if (schema.columns.includes(name)) positions.set(name, position);
  });
  return { width: record.length, positions };
}

/** Every problem with a header at once, so one re-export can fix them all. */
function headerProblems(cells: readonly string[], schema: CsvSchema): Problem[] {
  const allowed = new Set((schema.allowedExtraColumns ?? []).map(normaliseColumnName));
  const problems: Problem[] = [];
  const seen = new Set<string>();
  cells.forEach((cell, position) => {
    const column = cell.trim();
    const name = normaliseColumnName(cell);
    if (column === "") {
      problems.push({ row: 0, column: `column ${position + 1}`, expected: "a column name" });
    } else if (looksLikePersonalData(column)) {
      problems.push({ row: 0, column, expected: PERSONAL_DATA_REFUSAL });
    } else if (seen.has(name)) {
      problems.push({ row: 0, column, expected: "each column once" });
    } else if (!schema.columns.includes(name) && !allowed.has(name)) {
      const expected = `a known column: ${schema.columns.join(", ")} (or one allowed in configuration)`;
      problems.push({ row: 0, column, expected });
    }
    seen.add(name);
  });
  for (const required of schema.required) {
    if (!seen.has(required)) problems.push({ row: 0, column: required, expected: "this required column" });
  }
  return problems;
}
