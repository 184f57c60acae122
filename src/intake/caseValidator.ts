import { nearestCodes } from "../domain/wards/suggest.js";
import type { CaseIntakeOptions, CaseRecord, RecordType } from "./caseRecord.js";
import { DEFAULT_OFFENCES, DEFAULT_STRANDS, NON_CRIME_HATE_INCIDENT } from "./caseRecord.js";
import { checkedDate } from "./checkedDate.js";
import { createCrimeRefChecker } from "./crimeRefs.js";
import type { Fields } from "./csvRows.js";
import type { CellCheck, Problem, RowResult } from "./problem.js";
import { echo } from "./problem.js";

export type CaseValidator = (fields: Fields, row: number) => RowResult<CaseRecord>;

/**
 * Validates one case's fields, the same for a CSV row and a JSON object. Stateful across calls:
 * duplicate crime references are detected within one file or body, so make one validator per upload.
 */
export function createCaseValidator(options: CaseIntakeOptions): CaseValidator {
  const checkCrimeRef = createCrimeRefChecker(options);
  const checkWard = createWardChecker(options.knownWardCodes);
  const offences = new Map((options.offences ?? DEFAULT_OFFENCES).map((o) => [o.toLowerCase(), o]));
  const offenceList = [...offences.values()].join(", ");
  const strands = new Set((options.strands ?? DEFAULT_STRANDS).map((s) => s.toLowerCase()));
  const strandList = [...strands].join(", ");

  return (fields, row) => {
    const problems: Problem[] = [];
    const crimeRef = checkCrimeRef(fields["crime_ref"], row, problems);
    const reportedAt = checkedDate(fields["reported_at"], "reported_at", row, problems, {
      needsTime: true,
      now: options.now,
    });
    const wardCode = checkWard(fields["ward_code"], row, problems);

    const recordType = checkRecordType(fields["record_type"], row, problems);

    const offenceText = (fields["offence"] ?? "").trim();
    const offence = offenceText === "" ? undefined : offences.get(offenceText.toLowerCase());
    if (offenceText !== "" && offence === undefined) {
      problems.push({ row, column: "offence", value: echo(offenceText), expected: `empty or one of: ${offenceList}` });
    }

    // Strands are read only when they will be stored: a typo in data that is then dropped must not
    // hold back a victim's case. Their values never appear in a problem.
    let strandValues: string[] | undefined;
    if (options.storeStrands === true) {
      const given = (fields["strands"] ?? "")
        .split(";")
        .map((s) => s.trim().toLowerCase())
        .filter((s) => s !== "");
      if (given.some((s) => !strands.has(s))) {
        const expected = `invalid strand value: use ${strandList}, separated by ";"`;
        problems.push({ row, column: "strands", expected });
      } else if (given.length > 0) {
        strandValues = [...new Set(given)];
      }
    }

    if (crimeRef === undefined || reportedAt === undefined || wardCode === undefined || recordType === undefined) {
      return { row, ok: false, problems };
    }
    if (problems.length > 0) return { row, ok: false, problems };
    const record: CaseRecord = { crimeRef, reportedAt, wardCode, recordType, eligible: recordType === "crime" };
    if (recordType === "incident") record.ineligibleReason = NON_CRIME_HATE_INCIDENT;
    if (offence !== undefined) record.offence = offence;
    if (strandValues !== undefined) record.strands = strandValues;
    return { row, ok: true, record };
  };
}

const checkRecordType: CellCheck<RecordType> = (raw, row, problems) => {
  const value = (raw ?? "").trim().toLowerCase();
  if (value === "" || value === "crime") return "crime";
  if (value === "incident") return "incident";
  problems.push({ row, column: "record_type", value: echo(value), expected: "crime or incident (empty means crime)" });
  return undefined;
};

function createWardChecker(knownWardCodes: Iterable<string>): CellCheck<string> {
  const known = new Set(knownWardCodes);
  const sorted = [...known].sort();
  // Unknown codes repeat (one mis-mapped ward, many cases): compute each suggestion once per upload.
  const suggestions = new Map<string, string>();
  return (raw, row, problems) => {
    const value = (raw ?? "").trim();
    if (value === "") {
      problems.push({ row, column: "ward_code", expected: "a ward code (required)" });
      return undefined;
    }
    if (known.has(value)) return value;
    let expected = suggestions.get(value);
    if (expected === undefined) {
      const nearest = nearestCodes(value, sorted);
      expected =
        nearest.length > 0
          ? `a known ward code; nearest: ${nearest.join(", ")}`
          : "a known ward code (none is close to this one)";
      suggestions.set(value, expected);
    }
    problems.push({ row, column: "ward_code", value: echo(value), expected });
    return undefined;
  };
}
