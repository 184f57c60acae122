import { describe, expect, it } from "vitest";
import { DateTimeParseError, formatLondon, parseLondonDateTime } from "../../../src/domain/workingTime/index.js";

const at = (iso: string) => new Date(iso);

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
    ["05/01/2024 09:05", "2024-01-05T09:05:00Z"],
    ["05/01/2024 09:05:30", "2024-01-05T09:05:30Z"],
    [" 29/02/2024 10:00 ", "2024-02-29T10:00:00Z"],
    ["2024-04-02T14:30", "2024-04-02T13:30:00Z"],
    ["2024-04-02 14:30:15.25", "2024-04-02T13:30:15.250Z"],
    ["2024-04-02T14:30:00Z", "2024-04-02T14:30:00Z"],
    ["2024-04-02T14:30:00+02:00", "2024-04-02T12:30:00Z"],
    ["2024-04-02T14:30:00-0330", "2024-04-02T18:00:00Z"],
    ["2024-03-31T01:30Z", "2024-03-31T01:30:00Z"],
    // Autumn overlap: 01:30 happens twice; the first (BST) is taken.
    ["27/10/2024 01:30", "2024-10-27T00:30:00Z"],
  ])("reads %s as %s", (text, iso) => {
    expect(parseLondonDateTime(text)).toEqual(at(iso));
  });

  it.each([
    ["31/02/2024 10:00", /February 2024 has no day 31/],
    ["29/02/2023 10:00", /February 2023 has no day 29 \(it has 28 days\)/],
    ["2024-02-30T10:00", /February 2024 has no day 30/],
    ["01/13/2024 10:00", /no month 13/],
    ["01/04/2024 24:00", /hour 24/],
    ["01/04/2024 10:60", /minute 60/],
    ["31/03/2024 01:30", /does not exist in Europe\/London: the clocks went forward from 01:00 to 02:00/],
    ["2024-03-31T01:00:00", /clocks went forward from 01:00 to 02:00/],
    ["02/04/2024", /expected "dd\/mm\/yyyy HH:mm"/],
    ["next Tuesday", /expected/],
    ["2024-04-02T14:30+19:00", /offset/],
  ])("rejects %s", (text, reason) => {
    expect(() => parseLondonDateTime(text)).toThrow(reason);
  });

  it("throws a DateTimeParseError carrying the input", () => {
    try {
      parseLondonDateTime("31/02/2024 10:00");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DateTimeParseError);
      expect((error as DateTimeParseError).input).toBe("31/02/2024 10:00");
      expect((error as Error).message).toBe(
        'Cannot read "31/02/2024 10:00" as a date and time: February 2024 has no day 31 (it has 29 days)',
      );
    }
  });

  it("accepts the last minute before and the first minute after the spring gap", () => {
    expect(parseLondonDateTime("31/03/2024 00:59")).toEqual(at("2024-03-31T00:59:00Z"));
    expect(parseLondonDateTime("31/03/2024 02:00")).toEqual(at("2024-03-31T01:00:00Z"));
  });

  it("round-trips with formatLondon's clock time", () => {
    expect(formatLondon(parseLondonDateTime("04/04/2024 16:00"))).toBe("Thu 4 Apr 2024, 16:00");
  });
});
