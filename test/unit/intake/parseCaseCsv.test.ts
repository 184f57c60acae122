import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { CaseIntakeOptions } from "../../../src/intake/index.js";
import { IntakeHeaderError, parseCaseCsv } from "../../../src/intake/index.js";
import { WARDS, collect, csv, problemsOf, rejection } from "./helpers.js";

const HEADER = "crime_ref,reported_at,ward_code,record_type,offence,strands";
const OPTIONS: CaseIntakeOptions = { knownWardCodes: WARDS };

function run(lines: string[], options: Partial<CaseIntakeOptions> = {}) {
  return collect(parseCaseCsv(csv(...lines), { ...OPTIONS, ...options }));
}

async function headerError(lines: string[], options: Partial<CaseIntakeOptions> = {}): Promise<IntakeHeaderError> {
  const error = await rejection(run(lines, options));
  expect(error).toBeInstanceOf(IntakeHeaderError);
  return error as IntakeHeaderError;
}

describe("parseCaseCsv: good rows", () => {
  it("turns each row into a case record", async () => {
    const results = await run([
      HEADER,
      "1234567/24,14/03/2024 09:30,E05000100,crime,Public Order,race",
      "1234568/24,2024-07-01T09:30,E05000101,,,",
      "1234569/24,01/07/2024 22:05,E05000150,incident,harassment,",
    ]);
    expect(results).toEqual([
      {
        row: 1,
        ok: true,
        record: {
          crimeRef: "1234567/24",
          reportedAt: new Date("2024-03-14T09:30:00Z"),
          wardCode: "E05000100",
          recordType: "crime",
          eligible: true,
          offence: "public order",
        },
      },
      {
        row: 2,
        ok: true,
        record: { crimeRef: "1234568/24", reportedAt: new Date("2024-07-01T08:30:00Z"), wardCode: "E05000101", recordType: "crime", eligible: true },
      },
      {
        row: 3,
        ok: true,
        record: {
          crimeRef: "1234569/24",
          reportedAt: new Date("2024-07-01T21:05:00Z"),
          wardCode: "E05000150",
          recordType: "incident",
          eligible: false,
          ineligibleReason: "non-crime hate incident",
          offence: "harassment",
        },
      },
    ]);
  });

  it("accepts headers in any case, spacing and order, quoted fields, CRLF, a BOM and no final newline", async () => {
    const text = '\uFEFF Ward Code ,CRIME REF,Reported At\r\n"E05000100","1234567/24","14/03/2024 09:30"\r\nE05000101,1234568/24,14/03/2024 10:30';
    const results = await collect(parseCaseCsv([text], OPTIONS));
    expect(results.map((r) => r.ok && [r.row, r.record.crimeRef, r.record.wardCode])).toEqual([
      [1, "1234567/24", "E05000100"],
      [2, "1234568/24", "E05000101"],
    ]);
  });

  it("reads a Readable of Buffers", async () => {
    const source = Readable.from([Buffer.from(`${HEADER}\n1234567/24,14/03/2024 `), Buffer.from("09:30,E05000100,,,\n")]);
    const results = await collect(parseCaseCsv(source, OPTIONS));
    expect(results).toMatchObject([{ row: 1, ok: true, record: { crimeRef: "1234567/24" } }]);
  });

  it("reads a whole file given as one string", async () => {
    const results = await collect(parseCaseCsv(`${HEADER}\n1234567/24,14/03/2024 09:30,E05000100,,,\n`, OPTIONS));
    expect(results).toMatchObject([{ row: 1, ok: true, record: { crimeRef: "1234567/24" } }]);
  });

  it("skips blank lines but keeps counting them, so row N is the Nth line under the header", async () => {
    const results = await run([HEADER, "1234567/24,14/03/2024 09:30,E05000100,,,", "", ",,,,,", "1234568/24,14/03/2024 09:30,E05000100,,,"]);
    expect(results.map((r) => r.row)).toEqual([1, 4]);
  });

  it("ignores allowed extra columns", async () => {
    const results = await run(["crime_ref,reported_at,ward_code,cms_status", '1234567/24,14/03/2024 09:30,E05000100,"said ""closed"", then reopened"'], {
      allowedExtraColumns: ["CMS Status"],
    });
    expect(results).toEqual([
      {
        row: 1,
        ok: true,
        record: { crimeRef: "1234567/24", reportedAt: new Date("2024-03-14T09:30:00Z"), wardCode: "E05000100", recordType: "crime", eligible: true },
      },
    ]);
  });
});

describe("parseCaseCsv: bad cells", () => {
  async function problemsFor(row: string, options: Partial<CaseIntakeOptions> = {}) {
    return problemsOf(await run([HEADER, row], options));
  }

  it("crime_ref: missing or not in the configured format", async () => {
    expect(await problemsFor(",14/03/2024 09:30,E05000100,,,")).toEqual([{ row: 1, column: "crime_ref", expected: "a crime reference (required)" }]);
    expect(await problemsFor("12345/24,14/03/2024 09:30,E05000100,,,")).toEqual([
      { row: 1, column: "crime_ref", value: "12345/24", expected: "a crime reference: 7 digits, a slash and a 2-digit year, e.g. 1234567/24" },
    ]);
    const custom = { crimeRefPattern: /^[A-Z]{2}-\d{4}$/g, crimeRefDescription: "two letters, a hyphen, four digits" };
    const results = await run([HEADER, "AB-1234,14/03/2024 09:30,E05000100,,,", "AB-1235,14/03/2024 09:30,E05000100,,,", "1234567/24,14/03/2024 09:30,E05000100,,,"], custom);
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    expect(problemsOf(results)).toEqual([{ row: 3, column: "crime_ref", value: "1234567/24", expected: "a crime reference: two letters, a hyphen, four digits" }]);
  });

  it("reported_at: missing, unreadable, impossible, in the DST gap, without a time, in the future", async () => {
    const formats = 'use "dd/mm/yyyy HH:mm" (UK local time) or ISO 8601 "yyyy-mm-ddTHH:mm"';
    const cases: [string, string][] = [
      ["", "a date and time (required)"],
      ["next tuesday", `a date and time: ${formats}`],
      ["31/02/2024 10:00", "a date and time: February 2024 has no day 31 (it has 29 days)"],
      ["31/03/2024 01:30", "a date and time: that local time does not exist in Europe/London: the clocks went forward from 01:00 to 02:00 that night"],
      ["14/03/2024", `a date and time: the time of day is missing: ${formats}`],
      ["15/03/2024 09:31", "a date not in the future"],
    ];
    for (const [value, expected] of cases) {
      const problems = await problemsFor(`1234567/24,${value},E05000100,,,`, { now: new Date("2024-03-15T09:30:00Z") });
      expect(problems, value).toEqual([value === "" ? { row: 1, column: "reported_at", expected } : { row: 1, column: "reported_at", value, expected }]);
    }
  });

  it("reported_at: a misplaced narrative is echoed only truncated and never repeated in the reason", async () => {
    const narrative = "Victim Jane Doe was shouted at outside her home at 14 Acacia Avenue";
    const problems = await problemsFor(`1234567/24,${narrative},E05000100,,,`);
    expect(problems).toEqual([
      {
        row: 1,
        column: "reported_at",
        value: "Victim Jane Doe was shouted at outside h…",
        expected: 'a date and time: use "dd/mm/yyyy HH:mm" (UK local time) or ISO 8601 "yyyy-mm-ddTHH:mm"',
      },
    ]);
  });

  it("ward_code: missing, or unknown with the nearest known codes (only those within one edit of the closest)", async () => {
    expect(await problemsFor("1234567/24,14/03/2024 09:30,,,,")).toEqual([{ row: 1, column: "ward_code", expected: "a ward code (required)" }]);
    expect(await problemsFor("1234567/24,14/03/2024 09:30,E05000102,,,")).toEqual([
      { row: 1, column: "ward_code", value: "E05000102", expected: "a known ward code; nearest: E05000100, E05000101, E05000150" },
    ]);
    expect(await problemsFor("1234567/24,14/03/2024 09:30,e05000150,,,")).toEqual([
      { row: 1, column: "ward_code", value: "e05000150", expected: "a known ward code; nearest: E05000150, E05000100" },
    ]);
    expect(await problemsFor("1234567/24,14/03/2024 09:30,Kingston Vale,,,")).toEqual([
      { row: 1, column: "ward_code", value: "Kingston Vale", expected: "a known ward code (none is close to this one)" },
    ]);
  });

  it("nearest-code suggestions are capped at three, closest first", async () => {
    const known = ["E05000111", "E05000112", "E05000113", "E05000114", "E05000122", "E05000999"];
    expect(await problemsFor("1234567/24,14/03/2024 09:30,E05000110,,,", { knownWardCodes: known })).toEqual([
      { row: 1, column: "ward_code", value: "E05000110", expected: "a known ward code; nearest: E05000111, E05000112, E05000113" },
    ]);
    expect(await problemsFor("1234567/24,14/03/2024 09:30,E0500022,,,", { knownWardCodes: known })).toEqual([
      { row: 1, column: "ward_code", value: "E0500022", expected: "a known ward code; nearest: E05000122, E05000112" },
    ]);
  });

  it("record_type and offence: outside their lists", async () => {
    expect(await problemsFor("1234567/24,14/03/2024 09:30,E05000100,hate,,")).toEqual([
      { row: 1, column: "record_type", value: "hate", expected: "crime or incident (empty means crime)" },
    ]);
    const problems = await problemsFor("1234567/24,14/03/2024 09:30,E05000100,,burglary,");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ row: 1, column: "offence", value: "burglary" });
    expect(problems[0]?.expected).toContain("public order");
    expect(await problemsFor("1234567/24,14/03/2024 09:30,E05000100,,burglary,", { offences: ["Burglary"] })).toEqual([]);
  });

  it("reports every bad cell of a row together", async () => {
    const problems = await problemsFor("12/24,31/02/2024 10:00,X,maybe,,");
    expect(problems.map((p) => p.column)).toEqual(["crime_ref", "reported_at", "ward_code", "record_type"]);
  });

  it("shortens echoed values", async () => {
    const problems = await problemsFor(`1234567/24,14/03/2024 09:30,E05000100,,${"x".repeat(60)},`);
    expect(problems[0]?.value).toBe(`${"x".repeat(40)}…`);
  });
});

describe("parseCaseCsv: strands", () => {
  const row = "1234567/24,14/03/2024 09:30,E05000100,crime,public order, Race ; religion;race";

  it("are dropped unless storeStrands is set", async () => {
    const [result] = await run([HEADER, row]);
    expect(result?.ok && "strands" in result.record).toBe(false);
  });

  it("are kept, normalised and de-duplicated when storeStrands is set", async () => {
    const [result] = await run([HEADER, row], { storeStrands: true });
    expect(result?.ok && result.record.strands).toEqual(["race", "religion"]);
  });

  it("a bad value is reported by row and column only, never echoed", async () => {
    const results = await run([HEADER, "1234567/24,14/03/2024 09:30,E05000100,crime,,race;Zoroastrian faith"], { storeStrands: true });
    const problems = problemsOf(results);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ row: 1, column: "strands" });
    expect(problems[0]).not.toHaveProperty("value");
    expect(problems[0]?.expected).toMatch(/^invalid strand value/);
    expect(JSON.stringify(results)).not.toMatch(/zoroastrian/i);
  });

  it("a bad value does not hold back a case whose strands are not stored", async () => {
    const results = await run([HEADER, "1234567/24,14/03/2024 09:30,E05000100,crime,,Zoroastrian faith"]);
    expect(results.map((r) => r.ok)).toEqual([true]);
  });

  it("follow a configured list", async () => {
    const results = await run([HEADER, "1234567/24,14/03/2024 09:30,E05000100,crime,,gender;race"], { storeStrands: true, strands: ["race", "Gender"] });
    expect(results[0]?.ok && results[0].record.strands).toEqual(["gender", "race"]);
  });
});

describe("parseCaseCsv: duplicates", () => {
  it("reports a repeated crime_ref on the later row, naming the first", async () => {
    const results = await run([
      HEADER,
      "1234567/24,14/03/2024 09:30,E05000100,,,",
      "1234568/24,14/03/2024 09:30,E05000100,,,",
      "1234567/24,15/03/2024 09:30,E05000101,,,",
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    expect(problemsOf(results)).toEqual([
      { row: 3, column: "crime_ref", value: "1234567/24", expected: "a crime reference not already used in this file (first used on row 1)" },
    ]);
  });
});

describe("parseCaseCsv: broken CSV structure", () => {
  it("reports a broken line on its own row and reads every row after it", async () => {
    const results = await run([
      HEADER,
      "1234561/24,14/03/2024 09:30,E05000100,,,",
      '1234562/24,"14/03/2024 09:30,E05000100,,,',
      "1234563/24,14/03/2024 09:30,E05000100,,,",
      '1234564/24,"14/03/2024 09:30",E05000100,,,',
      '12345"65/24,14/03/2024 09:30,E05000100,,,',
      '"1234566/24"x,14/03/2024 09:30,E05000100,,,',
      "1234567/24,14/03/2024 09:30,E05000100,,,",
    ]);
    expect(results.map((r) => [r.row, r.ok])).toEqual([
      [1, true],
      [2, false],
      [3, true],
      [4, true],
      [5, false],
      [6, false],
      [7, true],
    ]);
    const problems = problemsOf(results);
    expect(problems.map((p) => p.row)).toEqual([2, 5, 6]);
    expect(problems[0]?.expected).toMatch(/quoted field is not closed/);
    expect(problems[1]?.expected).toMatch(/quote inside an unquoted field/);
    expect(problems.every((p) => p.column === undefined && p.value === undefined)).toBe(true);
  });

  it("reports rows with too few or too many fields", async () => {
    const results = await run([HEADER, "1234567/24,14/03/2024 09:30,E05000100", "1234568/24,14/03/2024 09:30,E05000100,,,,", "1234569/24,14/03/2024 09:30,E05000100,,,"]);
    expect(problemsOf(results)).toEqual([
      { row: 1, expected: "6 fields as in the header, found 3" },
      { row: 2, expected: "6 fields as in the header, found 7" },
    ]);
    expect(results[2]?.ok).toBe(true);
  });

  it("reports an overlong line without keeping it", async () => {
    const results = await run([HEADER, `1234567/24,14/03/2024 09:30,E05000100,,,${"x".repeat(200)}`, "1234568/24,14/03/2024 09:30,E05000100,,,"], { maxLineLength: 100 });
    expect(problemsOf(results)).toEqual([{ row: 1, expected: "a line of at most 100 characters" }]);
    expect(results[1]?.ok).toBe(true);
  });

  it("stops after maxRows data rows with a problem saying the rest was not read", async () => {
    const rows = Array.from({ length: 5 }, (_, i) => `123456${i}/24,14/03/2024 09:30,E05000100,,,`);
    const results = await run([HEADER, ...rows], { maxRows: 3 });
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect(problemsOf(results)).toEqual([{ row: 4, expected: "at most 3 data rows in one file: this row and the rest were not read" }]);
  });

  it("passes on a failure of the source instead of ending quietly", async () => {
    async function* failing(): AsyncGenerator<string> {
      yield `${HEADER}\n1234567/24,14/03/2024 09:30,E05000100,,,\n`;
      throw new Error("upload aborted");
    }
    const error = await rejection(collect(parseCaseCsv(failing(), OPTIONS)));
    expect((error as Error).message).toBe("upload aborted");
  });
});

describe("parseCaseCsv: header", () => {
  it("refuses a file with victim personal data columns, naming them and echoing no cell", async () => {
    const error = await headerError(["crime_ref,reported_at,ward_code,Victim Name,postcode,DOB", "1234567/24,14/03/2024 09:30,E05000100,Jane Doe,SW19 1AA,01/01/1970"]);
    expect(error.problems).toEqual([
      { row: 0, column: "Victim Name", expected: expect.stringContaining("Reassure must not receive victim personal data") },
      { row: 0, column: "postcode", expected: expect.stringContaining("Reassure must not receive victim personal data") },
      { row: 0, column: "DOB", expected: expect.stringContaining("Reassure must not receive victim personal data") },
    ]);
    expect(error.message).toContain("Reassure must not receive victim personal data");
    expect(error.message).toContain("Victim Name");
    expect(JSON.stringify({ message: error.message, problems: error.problems })).not.toMatch(/Jane|SW19|1970/);
  });

  it("refuses personal data even when the column is on the allow-list", async () => {
    const error = await headerError([`${HEADER},email`, "x"], { allowedExtraColumns: ["email"] });
    expect(error.problems.map((p) => p.column)).toEqual(["email"]);
  });

  it("reports missing required columns, unknown, duplicate and unnamed columns together", async () => {
    const error = await headerError(["crime_ref,Crime Ref,ward_code,notes,", "1,2,3,4,5"]);
    expect(error.problems).toEqual([
      { row: 0, column: "Crime Ref", expected: "each column once" },
      { row: 0, column: "notes", expected: expect.stringContaining("a known column: crime_ref, reported_at, ward_code") },
      { row: 0, column: "column 5", expected: "a column name" },
      { row: 0, column: "reported_at", expected: "this required column" },
    ]);
  });

  it("refuses an empty file and one with only blank lines", async () => {
    for (const lines of [[], ["", "  ", ",,"]]) {
      const error = await headerError(lines);
      expect(error.problems).toEqual([{ row: 0, expected: "a header line naming the columns (the file is empty)" }]);
    }
  });

  it("refuses a header line that is not well-formed CSV", async () => {
    const error = await headerError(['crime_ref,"reported_at,ward_code', "1234567/24,14/03/2024 09:30,E05000100"]);
    expect(error.problems).toEqual([{ row: 0, expected: "a header line of well-formed CSV column names" }]);
  });
});
