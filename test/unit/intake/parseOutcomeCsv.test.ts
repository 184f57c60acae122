import { describe, expect, it } from "vitest";
import { HOME_OFFICE_OUTCOME_CODES, IntakeHeaderError, parseOutcomeCsv } from "../../../src/intake/index.js";
import { collect, csv, problemsOf, rejection } from "./helpers.js";

const HEADER = "crime_ref,outcome_code,outcome_date";

describe("HOME_OFFICE_OUTCOME_CODES", () => {
  it("lists 1, 1A, 2 to 18, 20, 21 and 22", () => {
    expect(HOME_OFFICE_OUTCOME_CODES).toEqual(["1", "1A", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "20", "21", "22"]);
  });
});

describe("parseOutcomeCsv", () => {
  it("reads outcomes with a date (midnight UK time), or a date and time, in UK time", async () => {
    const lines = [HEADER, "1234567/24,16,01/07/2024", "1234568/24, 1a ,2024-01-15T14:00", "1234569/24,22,15/01/2024 14:00", "1234570/24,3,2024-07-01"];
    const results = await collect(parseOutcomeCsv(csv(...lines)));
    expect(results).toEqual([
      { row: 1, ok: true, record: { crimeRef: "1234567/24", outcomeCode: "16", outcomeDate: new Date("2024-06-30T23:00:00Z") } },
      { row: 2, ok: true, record: { crimeRef: "1234568/24", outcomeCode: "1A", outcomeDate: new Date("2024-01-15T14:00:00Z") } },
      { row: 3, ok: true, record: { crimeRef: "1234569/24", outcomeCode: "22", outcomeDate: new Date("2024-01-15T14:00:00Z") } },
      { row: 4, ok: true, record: { crimeRef: "1234570/24", outcomeCode: "3", outcomeDate: new Date("2024-06-30T23:00:00Z") } },
    ]);
  });

  it("rejects codes outside the Home Office list unless configured locally", async () => {
    const lines = [HEADER, "1234561/24,19,01/07/2024", "1234562/24,23,01/07/2024", "1234563/24,,01/07/2024", "1234564/24,8b,01/07/2024"];
    const problems = problemsOf(await collect(parseOutcomeCsv(csv(...lines))));
    expect(problems.map((p) => [p.row, p.column, p.value])).toEqual([
      [1, "outcome_code", "19"],
      [2, "outcome_code", "23"],
      [3, "outcome_code", ""],
      [4, "outcome_code", "8B"],
    ]);
    const local = await collect(parseOutcomeCsv(csv(...lines), { localOutcomeCodes: ["8b"] }));
    expect(local.map((r) => r.ok)).toEqual([false, false, false, true]);
  });

  it("rejects bad references, duplicates, bad and future dates", async () => {
    const results = await collect(
      parseOutcomeCsv(csv(HEADER, "1234567/24,1,01/07/2024", "1234567/24,2,02/07/2024", "99/24,1,01/07/2024", "1234568/24,1,31/06/2024", "1234569/24,1,02/08/2024", "1234570/24,1,July 2024", "1234571/24,1,"), {
        now: new Date("2024-08-01T12:00:00Z"),
      }),
    );
    expect(problemsOf(results).map((p) => [p.row, p.column, p.expected])).toEqual([
      [2, "crime_ref", "a crime reference not already used in this file (first used on row 1)"],
      [3, "crime_ref", "a crime reference: 7 digits, a slash and a 2-digit year, e.g. 1234567/24"],
      [4, "outcome_date", "a date: June 2024 has no day 31 (it has 30 days)"],
      [5, "outcome_date", "a date not in the future"],
      [6, "outcome_date", 'a date: use "dd/mm/yyyy" or ISO 8601 "yyyy-mm-dd", optionally with a time "HH:mm" (UK local time)'],
      [7, "outcome_date", "a date (required)"],
    ]);
  });

  it("requires all three columns and refuses personal data", async () => {
    const missing = await rejection(collect(parseOutcomeCsv(csv("crime_ref,outcome_code", "1234567/24,1"))));
    expect(missing).toBeInstanceOf(IntakeHeaderError);
    expect((missing as IntakeHeaderError).problems).toEqual([{ row: 0, column: "outcome_date", expected: "this required column" }]);
    const personal = await rejection(collect(parseOutcomeCsv(csv(`${HEADER},victim_email`, "1234567/24,1,01/07/2024,a@b.example"))));
    expect((personal as IntakeHeaderError).problems.map((p) => p.column)).toEqual(["victim_email"]);
  });
});
