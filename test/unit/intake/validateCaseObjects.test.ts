import { describe, expect, it } from "vitest";
import type { CaseIntakeOptions } from "../../../src/intake/index.js";
import { IntakeHeaderError, validateCaseObjects } from "../../../src/intake/index.js";
import { WARDS, problemsOf } from "./helpers.js";

const OPTIONS: CaseIntakeOptions = { knownWardCodes: WARDS };
const GOOD = { crime_ref: "1234567/24", reported_at: "2024-07-01T09:30:00+01:00", ward_code: "E05000100" };

function thrown(run: () => unknown): IntakeHeaderError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(IntakeHeaderError);
    return error as IntakeHeaderError;
  }
  throw new Error("expected IntakeHeaderError");
}

describe("validateCaseObjects", () => {
  it("validates objects keyed like the CSV columns, numbering rows from 1", () => {
    const results = validateCaseObjects(
      [GOOD, { "Crime Ref": "1234568/24", reported_at: "14/03/2024 09:30", ward_code: "E05000101", record_type: "incident", offence: null, strands: null }],
      OPTIONS,
    );
    expect(results).toEqual([
      { row: 1, ok: true, record: { crimeRef: "1234567/24", reportedAt: new Date("2024-07-01T08:30:00Z"), wardCode: "E05000100", recordType: "crime", eligible: true } },
      {
        row: 2,
        ok: true,
        record: {
          crimeRef: "1234568/24",
          reportedAt: new Date("2024-03-14T09:30:00Z"),
          wardCode: "E05000101",
          recordType: "incident",
          eligible: false,
          ineligibleReason: "non-crime hate incident",
        },
      },
    ]);
  });

  it("reports the same cell problems as the CSV intake, and duplicates across objects", () => {
    const results = validateCaseObjects([GOOD, { ...GOOD, reported_at: "31/03/2024 01:30" }, { ...GOOD, crime_ref: "1234568/24", ward_code: "E05000102" }], OPTIONS);
    expect(problemsOf(results)).toEqual([
      { row: 2, column: "crime_ref", value: "1234567/24", expected: "a crime reference not already used in this file (first used on row 1)" },
      {
        row: 2,
        column: "reported_at",
        value: "31/03/2024 01:30",
        expected: "a date and time: that local time does not exist in Europe/London: the clocks went forward from 01:00 to 02:00 that night",
      },
      { row: 3, column: "ward_code", value: "E05000102", expected: "a known ward code; nearest: E05000100, E05000101, E05000150" },
    ]);
  });

  it("takes strands as a list or a ;-separated string, only when storing them", () => {
    const items = [
      { ...GOOD, strands: ["Race", "disability"] },
      { ...GOOD, crime_ref: "1234568/24", strands: "religion" },
    ];
    const stored = validateCaseObjects(items, { ...OPTIONS, storeStrands: true });
    expect(stored.map((r) => r.ok && r.record.strands)).toEqual([["race", "disability"], ["religion"]]);
    const dropped = validateCaseObjects(items, OPTIONS);
    expect(dropped.map((r) => r.ok && "strands" in r.record)).toEqual([false, false]);
  });

  it("never echoes a strand value", () => {
    const results = validateCaseObjects([{ ...GOOD, strands: ["race", "Pagan"] }, { ...GOOD, crime_ref: "1234568/24", strands: [7] }], { ...OPTIONS, storeStrands: true });
    const problems = problemsOf(results);
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [1, "strands"],
      [2, "strands"],
    ]);
    expect(problems.every((p) => p.value === undefined && p.expected.startsWith("invalid strand value"))).toBe(true);
    expect(JSON.stringify(results)).not.toMatch(/pagan/i);
  });

  it("reports unknown fields, repeated fields, wrong types and non-objects on their row", () => {
    const results = validateCaseObjects(
      [{ ...GOOD, narrative: "text" }, { ...GOOD, crime_ref: "1234568/24", Ward_Code: "E05000100" }, { ...GOOD, crime_ref: { ref: 1 } }, "1234569/24", null],
      OPTIONS,
    );
    expect(problemsOf(results)).toEqual([
      { row: 1, column: "narrative", expected: "one of the fields crime_ref, reported_at, ward_code, record_type, offence, strands" },
      { row: 2, column: "Ward_Code", expected: "each field once" },
      { row: 3, column: "crime_ref", expected: "a string" },
      { row: 4, expected: "an object with the fields crime_ref, reported_at, ward_code, record_type, offence, strands" },
      { row: 5, expected: "an object with the fields crime_ref, reported_at, ward_code, record_type, offence, strands" },
    ]);
  });

  it("refuses text holding half of a surrogate pair (a JSON escape can send it; the database cannot store it)", () => {
    const results = validateCaseObjects([{ ...GOOD, offence: "assault \udeda" }], OPTIONS);
    expect(problemsOf(results)).toEqual([{ row: 1, column: "offence", expected: "text without broken characters (half of a UTF-16 surrogate pair)" }]);
  });

  it("ignores allowed extra fields", () => {
    expect(validateCaseObjects([{ ...GOOD, cms_status: "open" }], { ...OPTIONS, allowedExtraColumns: ["cms_status"] })[0]?.ok).toBe(true);
  });

  it("refuses the whole body when any object carries victim personal data, echoing no value", () => {
    const error = thrown(() => validateCaseObjects([GOOD, { ...GOOD, crime_ref: "1234568/24", victim_phone: "07700 900123", Address: "1 High St" }], OPTIONS));
    expect(error.problems.map((p) => [p.row, p.column])).toEqual([
      [2, "victim_phone"],
      [2, "Address"],
    ]);
    expect(error.message).toContain("Reassure must not receive victim personal data");
    expect(JSON.stringify({ m: error.message, p: error.problems })).not.toMatch(/07700|High St/);
  });

  it("refuses a body that is not an array, or is too long", () => {
    expect(thrown(() => validateCaseObjects({ cases: [] }, OPTIONS)).problems).toEqual([{ row: 0, expected: "a JSON array of case objects" }]);
    expect(thrown(() => validateCaseObjects([GOOD, GOOD], { ...OPTIONS, maxRows: 1 })).problems).toEqual([{ row: 0, expected: "at most 1 cases in one request" }]);
  });
});
