import { describe, expect, it } from "vitest";
import type { OneOffChange } from "../../../src/domain/workingTime/index.js";
import { KNOWN_ONE_OFF_CHANGES, englandAndWalesBankHolidays } from "../../../src/domain/workingTime/index.js";

// England and Wales, as published on GOV.UK (www.gov.uk/bank-holidays), typed in by hand.
const GOV_UK: Record<number, readonly string[]> = {
  2018: ["2018-01-01", "2018-03-30", "2018-04-02", "2018-05-07", "2018-05-28", "2018-08-27", "2018-12-25", "2018-12-26"],
  2019: ["2019-01-01", "2019-04-19", "2019-04-22", "2019-05-06", "2019-05-27", "2019-08-26", "2019-12-25", "2019-12-26"],
  2020: ["2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25", "2020-08-31", "2020-12-25", "2020-12-28"],
  2021: ["2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31", "2021-08-30", "2021-12-27", "2021-12-28"],
  2022: [
    "2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03",
    "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27",
  ],
  2023: [
    "2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29",
    "2023-08-28", "2023-12-25", "2023-12-26",
  ],
  2024: ["2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25", "2024-12-26"],
  2025: ["2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26"],
  2026: ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"],
  2027: ["2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28"],
};

// Earlier years with one-off changes, from the proclamations.
const HISTORIC: Record<number, readonly string[]> = {
  1995: ["1995-01-02", "1995-04-14", "1995-04-17", "1995-05-08", "1995-05-29", "1995-08-28", "1995-12-25", "1995-12-26"],
  1999: [
    "1999-01-01", "1999-04-02", "1999-04-05", "1999-05-03", "1999-05-31", "1999-08-30",
    "1999-12-27", "1999-12-28", "1999-12-31",
  ],
  2002: [
    "2002-01-01", "2002-03-29", "2002-04-01", "2002-05-06", "2002-06-03", "2002-06-04",
    "2002-08-26", "2002-12-25", "2002-12-26",
  ],
  2011: [
    "2011-01-03", "2011-04-22", "2011-04-25", "2011-04-29", "2011-05-02", "2011-05-30",
    "2011-08-29", "2011-12-26", "2011-12-27",
  ],
  2012: [
    "2012-01-02", "2012-04-06", "2012-04-09", "2012-05-07", "2012-06-04", "2012-06-05",
    "2012-08-27", "2012-12-25", "2012-12-26",
  ],
};

const datesOf = (year: number, changes?: readonly OneOffChange[]) =>
  englandAndWalesBankHolidays(year, changes).map((h) => h.date);

describe("englandAndWalesBankHolidays", () => {
  it.each(Object.entries(GOV_UK))("matches GOV.UK for %s", (year, expected) => {
    expect(datesOf(Number(year))).toEqual(expected);
  });

  it.each(Object.entries(HISTORIC))("applies the one-off changes of %s", (year, expected) => {
    expect(datesOf(Number(year))).toEqual(expected);
  });

  it("names substitute days after the holiday they replace", () => {
    // 2021: Christmas on Saturday, Boxing Day on Sunday.
    expect(englandAndWalesBankHolidays(2021).slice(-2)).toEqual([
      { date: "2021-12-27", name: "Christmas Day (substitute day)" },
      { date: "2021-12-28", name: "Boxing Day (substitute day)" },
    ]);
    // 2022: Christmas on Sunday, so Boxing Day keeps Monday and Christmas moves to Tuesday.
    expect(englandAndWalesBankHolidays(2022).slice(-2)).toEqual([
      { date: "2022-12-26", name: "Boxing Day" },
      { date: "2022-12-27", name: "Christmas Day (substitute day)" },
    ]);
    expect(englandAndWalesBankHolidays(2022)[0]).toEqual({ date: "2022-01-03", name: "New Year's Day (substitute day)" });
  });

  it("without the one-off table, falls back to the standing rules", () => {
    expect(datesOf(2022, [])).toEqual([
      "2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-05-30", "2022-08-29", "2022-12-26", "2022-12-27",
    ]);
  });

  it("lets callers extend the one-off table", () => {
    const extended = [...KNOWN_ONE_OFF_CHANGES, { date: "2030-06-03", name: "Hypothetical jubilee", replaces: "2030-05-27" }];
    expect(datesOf(2030, extended)).toEqual([
      "2030-01-01", "2030-04-19", "2030-04-22", "2030-05-06", "2030-06-03", "2030-08-26", "2030-12-25", "2030-12-26",
    ]);
  });

  it("gives eight to ten weekday holidays every year, with no duplicates", () => {
    for (let year = 1978; year <= 2200; year += 1) {
      const dates = datesOf(year);
      expect(new Set(dates).size, String(year)).toBe(dates.length);
      expect(dates.length).toBeGreaterThanOrEqual(8);
      expect(dates.length).toBeLessThanOrEqual(10);
      for (const date of dates) expect([0, 6], date).not.toContain(new Date(`${date}T00:00:00Z`).getUTCDay());
    }
  });
});
