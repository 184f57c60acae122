import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { DateTimeParseError, formatLondon, parseLondonDate, parseLondonDateTime } from "../../../src/domain/workingTime/index.js";

const at = (iso: string) => new Date(iso);
const DATE_TIME_FORMATS = /use "dd\/mm\/yyyy HH:mm" \(UK local time\) or ISO 8601 "yyyy-mm-ddTHH:mm"/;

function thrown(parse: () => unknown): DateTimeParseError {
  try {
    parse();
  } catch (error) {
    if (error instanceof DateTimeParseError) return error;
    throw error;
  }
  throw new Error("expected a DateTimeParseError");
}

describe("formatLondon", () => {
  it.each([
    ["2024-04-02T13:30:00Z", "Tue 2 Apr 2024, 14:30"],
    ["2024-01-05T09:05:00Z", "Fri 5 Jan 2024, 09:05"],
    ["2024-09-03T13:30:00Z", "Tue 3 Sep 2024, 14:30"],
    ["2024-06-30T23:30:00Z", "Mon 1 Jul 2024, 00:30"],
    ["2024-12-25T23:59:00Z", "Wed 25 Dec 2024, 23:59"],
  ])("shows %s as %s", (iso, shown) => {
    expect(formatLondon(at(iso))).toBe(shown);
  });
});

describe("parseLondonDateTime", () => {
  it.each([
    ["02/04/2024 14:30", "2024-04-02T13:30:00Z"],
    ["2/4/2024 9:05", "2024-04-02T08:05:00Z"],
    [" 1/7/2024 9:05 ", "2024-07-01T08:05:00Z"],
    ["05/01/2024 09:05", "2024-01-05T09:05:00Z"],
    ["05/01/2024 09:05:30", "2024-01-05T09:05:30Z"],
    // dd/mm, never mm/dd.
    ["02/01/2024 12:00", "2024-01-02T12:00:00Z"],
    [" 29/02/2024 10:00 ", "2024-02-29T10:00:00Z"],
    ["2024-04-02T14:30", "2024-04-02T13:30:00Z"],
    ["2024-01-15T09:30:00.250", "2024-01-15T09:30:00.250Z"],
    ["2024-04-02 14:30:15.25", "2024-04-02T13:30:15.250Z"],
    ["2024-04-02T14:30:00Z", "2024-04-02T14:30:00Z"],
    ["2024-04-02T14:30:00+02:00", "2024-04-02T12:30:00Z"],
    ["2024-04-02T14:30:00-0330", "2024-04-02T18:00:00Z"],
    // An offset pins the instant, even inside the hour London skipped.
    ["2024-03-31T01:30Z", "2024-03-31T01:30:00Z"],
    // Autumn overlap: 01:00-01:59 on 27 Oct 2024 happens twice; the first (BST) is taken.
    ["27/10/2024 01:30", "2024-10-27T00:30:00Z"],
    ["2024-10-27T01:30", "2024-10-27T00:30:00Z"],
    ["27/10/2024 00:59", "2024-10-26T23:59:00Z"],
    ["27/10/2024 02:00", "2024-10-27T02:00:00Z"],
  ])("reads %s as %s", (text, iso) => {
    expect(parseLondonDateTime(text)).toEqual(at(iso));
  });

  it.each([
    ["31/02/2024 10:00", /February 2024 has no day 31/],
    ["29/02/2023 10:00", /February 2023 has no day 29 \(it has 28 days\)/],
    ["2024-02-30T10:00", /February 2024 has no day 30/],
    ["01/13/2024 10:00", /no month 13/],
    ["01/04/2024 24:00", /hour 24/],
    ["10/10/2024 25:00", /hour 25/],
    ["01/04/2024 10:60", /minute 60/],
    ["31/03/2024 01:00", /does not exist in Europe\/London: the clocks went forward from 01:00 to 02:00/],
    ["31/03/2024 01:30", /does not exist in Europe\/London: the clocks went forward from 01:00 to 02:00/],
    ["31/03/2024 01:59", /clocks went forward from 01:00 to 02:00/],
    ["2024-03-31T01:00:00", /clocks went forward from 01:00 to 02:00/],
    ["2024-03-31T01:30", /clocks went forward from 01:00 to 02:00/],
    ["02/04/2024", /the time of day is missing/],
    ["2024-04-02", /the time of day is missing/],
    ["next Tuesday", DATE_TIME_FORMATS],
    ["", DATE_TIME_FORMATS],
    ["01/03/24 09:05", DATE_TIME_FORMATS],
    ["01-03-2024 10:00", DATE_TIME_FORMATS],
    ["1709283600", DATE_TIME_FORMATS],
    ["2024-04-02T14:30+19:00", /offset/],
  ])("rejects %s", (text, reason) => {
    expect(() => parseLondonDateTime(text)).toThrow(reason);
  });

  it("throws a DateTimeParseError carrying the input, and a reason that does not repeat it", () => {
    const error = thrown(() => parseLondonDateTime("31/02/2024 10:00"));
    expect(error.input).toBe("31/02/2024 10:00");
    expect(error.reason).toBe("February 2024 has no day 31 (it has 29 days)");
    expect(error.message).toBe('Cannot read "31/02/2024 10:00" as a date and time: February 2024 has no day 31 (it has 29 days)');
    const narrative = thrown(() => parseLondonDateTime("Jane Doe, 14 Acacia Avenue"));
    expect(narrative.reason).toBe('use "dd/mm/yyyy HH:mm" (UK local time) or ISO 8601 "yyyy-mm-ddTHH:mm"');
  });

  it("accepts the last minute before and the first minute after the spring gap", () => {
    expect(parseLondonDateTime("31/03/2024 00:59")).toEqual(at("2024-03-31T00:59:00Z"));
    expect(parseLondonDateTime("31/03/2024 02:00")).toEqual(at("2024-03-31T01:00:00Z"));
  });

  it("reads local times in another zone when asked", () => {
    expect(parseLondonDateTime("01/07/2024 09:30", "Europe/Paris")).toEqual(at("2024-07-01T07:30:00Z"));
    // Brazil's summer time began at midnight on 4 Nov 2018: 00:00-00:59 never happened in São Paulo.
    expect(() => parseLondonDateTime("04/11/2018 00:30", "America/Sao_Paulo")).toThrow(/from 00:00 to 01:00/);
  });

  it("round-trips with formatLondon's clock time", () => {
    expect(formatLondon(parseLondonDateTime("04/04/2024 16:00"))).toBe("Thu 4 Apr 2024, 16:00");
  });

  it("reads back any London wall-clock minute as that instant, or the earlier one when the minute happened twice", () => {
    const anyMinute = fc.integer({ min: Date.UTC(1996, 0, 1) / 60_000, max: Date.UTC(2040, 0, 1) / 60_000 }).map((m) => m * 60_000);
    // Since 1996 UK clocks change at 01:00 UTC on the last Sunday of March and of October; aim near those too.
    const nearClockChange = fc
      .record({ year: fc.integer({ min: 1996, max: 2039 }), month: fc.constantFrom(3, 10), minutes: fc.integer({ min: -180, max: 180 }) })
      .map(({ year, month, minutes }) => {
        const lastDay = new Date(Date.UTC(year, month, 0));
        const lastSunday = lastDay.getTime() - lastDay.getUTCDay() * 86_400_000;
        return lastSunday + 3_600_000 + minutes * 60_000;
      });
    const minute = fc.oneof(anyMinute, nearClockChange);
    fc.assert(
      fc.property(minute, (t) => {
        const shown = DateTime.fromMillis(t, { zone: "Europe/London" }).toFormat("dd/MM/yyyy HH:mm");
        const hourBefore = DateTime.fromMillis(t - 3_600_000, { zone: "Europe/London" }).toFormat("dd/MM/yyyy HH:mm");
        expect(parseLondonDateTime(shown).getTime()).toBe(hourBefore === shown ? t - 3_600_000 : t);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("parseLondonDate", () => {
  it.each([
    // A date alone is 00:00 London time: GMT in winter, BST in summer.
    ["15/01/2024", "2024-01-15T00:00:00Z"],
    ["01/07/2024", "2024-06-30T23:00:00Z"],
    [" 1/7/2024 ", "2024-06-30T23:00:00Z"],
    ["2024-01-15", "2024-01-15T00:00:00Z"],
    ["2024-07-01", "2024-06-30T23:00:00Z"],
    ["29/02/2024", "2024-02-29T00:00:00Z"],
    // The clocks change at 01:00 GMT, so both change days start on the old offset.
    ["31/03/2024", "2024-03-31T00:00:00Z"],
    ["27/10/2024", "2024-10-26T23:00:00Z"],
    // A time, when given, is read as parseLondonDateTime reads it.
    ["15/01/2024 14:00", "2024-01-15T14:00:00Z"],
    ["2024-07-01T09:30:00Z", "2024-07-01T09:30:00Z"],
    ["27/10/2024 01:30", "2024-10-27T00:30:00Z"],
  ])("reads %s as %s", (text, iso) => {
    expect(parseLondonDate(text)).toEqual(at(iso));
  });

  it.each([
    ["31/06/2024", /June 2024 has no day 31 \(it has 30 days\)/],
    ["31/02/2024", /February 2024 has no day 31/],
    ["29/02/2023", /February 2023 has no day 29 \(it has 28 days\)/],
    ["2023-02-29", /February 2023 has no day 29/],
    ["01/13/2024", /no month 13/],
    ["31/03/2024 01:30", /clocks went forward from 01:00 to 02:00/],
    ["July 2024", /use "dd\/mm\/yyyy" or ISO 8601 "yyyy-mm-dd", optionally with a time "HH:mm" \(UK local time\)/],
    ["01/07/24", /use "dd\/mm\/yyyy"/],
  ])("rejects %s", (text, reason) => {
    expect(() => parseLondonDate(text)).toThrow(reason);
  });

  it("says it wanted a date", () => {
    expect(thrown(() => parseLondonDate("31/06/2024")).message).toBe('Cannot read "31/06/2024" as a date: June 2024 has no day 31 (it has 30 days)');
  });

  it("starts a day whose midnight was skipped at the end of the gap", () => {
    // São Paulo went from 00:00 (UTC-3) straight to 01:00 (UTC-2) on 4 Nov 2018.
    expect(parseLondonDate("04/11/2018", "America/Sao_Paulo")).toEqual(at("2018-11-04T03:00:00Z"));
    expect(parseLondonDate("03/11/2018", "America/Sao_Paulo")).toEqual(at("2018-11-03T03:00:00Z"));
  });
});
