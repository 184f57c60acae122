import { describe, expect, it } from "vitest";
import { easterSunday } from "../../../src/domain/workingTime/index.js";

// Published Western Easter Sundays (including the earliest and latest possible dates).
const KNOWN_EASTERS: readonly string[] = [
  "1818-03-22", "1943-04-25", "1954-04-18", "1961-04-02", "1995-04-16", "1999-04-04", "2000-04-23",
  "2002-03-31", "2008-03-23", "2011-04-24", "2012-04-08", "2016-03-27", "2018-04-01", "2019-04-21",
  "2020-04-12", "2021-04-04", "2022-04-17", "2023-04-09", "2024-03-31", "2025-04-20", "2026-04-05",
  "2027-03-28", "2028-04-16", "2029-04-01", "2030-04-21", "2038-04-25", "2285-03-22",
];

describe("easterSunday", () => {
  it.each(KNOWN_EASTERS)("gives %s", (expected) => {
    expect(easterSunday(Number(expected.slice(0, 4)))).toBe(expected);
  });

  it("always falls on a Sunday between 22 March and 25 April", () => {
    for (let year = 1583; year <= 3000; year += 1) {
      const date = easterSunday(year);
      const [, month, day] = date.split("-").map(Number);
      expect(new Date(`${date}T00:00:00Z`).getUTCDay(), date).toBe(0);
      expect(month === 3 ? (day ?? 0) >= 22 : month === 4 && (day ?? 99) <= 25, date).toBe(true);
    }
  });

  it("refuses years before the Gregorian calendar", () => {
    expect(() => easterSunday(1582)).toThrow(RangeError);
  });
});
