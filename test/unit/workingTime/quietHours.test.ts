import { describe, expect, it } from "vitest";
import { DEFAULT_QUIET_HOURS, createWorkingCalendar } from "../../../src/domain/workingTime/index.js";

const at = (iso: string) => new Date(iso);
const london = createWorkingCalendar({ extraClosures: ["2024-04-10"] });

describe("isQuietTime (default: 20:00–08:00, weekends, bank holidays)", () => {
  it("matches the documented defaults", () => {
    expect(DEFAULT_QUIET_HOURS).toEqual({ from: "20:00", to: "08:00", weekends: true, bankHolidays: true });
  });

  it.each([
    ["2024-04-02T18:59:00Z", false, "Tue 19:59 BST"],
    ["2024-04-02T19:00:00Z", true, "Tue 20:00 BST"],
    ["2024-04-03T06:59:00Z", true, "Wed 07:59 BST"],
    ["2024-04-03T07:00:00Z", false, "Wed 08:00 BST"],
    ["2024-01-09T19:30:00Z", false, "Tue 19:30 GMT"],
    ["2024-01-09T20:00:00Z", true, "Tue 20:00 GMT"],
    ["2024-04-06T11:00:00Z", true, "Sat noon"],
    ["2024-03-29T12:00:00Z", true, "Good Friday noon"],
    ["2024-04-10T11:00:00Z", true, "noon on an extra closure"],
  ])("%s is quiet: %s (%s)", (iso, quiet) => {
    expect(london.isQuietTime(at(iso))).toBe(quiet);
  });

  it("can leave weekends and bank holidays open", () => {
    expect(london.isQuietTime(at("2024-04-06T11:00:00Z"), { weekends: false })).toBe(false);
    expect(london.isQuietTime(at("2024-03-29T12:00:00Z"), { bankHolidays: false })).toBe(false);
  });

  it("supports a window that does not wrap midnight, and none at all", () => {
    expect(london.isQuietTime(at("2024-04-03T11:30:00Z"), { from: "12:00", to: "14:00" })).toBe(true); // 12:30 BST
    expect(london.isQuietTime(at("2024-04-03T13:00:00Z"), { from: "12:00", to: "14:00" })).toBe(false); // 14:00 BST
    expect(london.isQuietTime(at("2024-04-03T22:00:00Z"), { from: "00:00", to: "00:00" })).toBe(false); // 23:00 BST
  });
});

describe("nextNonQuietTime", () => {
  it("returns the instant itself when it is not quiet", () => {
    expect(london.nextNonQuietTime(at("2024-04-03T09:00:00Z"))).toEqual(at("2024-04-03T09:00:00Z"));
  });

  it("waits for the morning", () => {
    // Wed 3 Apr 03:00 BST → 08:00 BST.
    expect(london.nextNonQuietTime(at("2024-04-03T02:00:00Z"))).toEqual(at("2024-04-03T07:00:00Z"));
    // Tue 2 Apr 21:00 BST → Wed 08:00 BST.
    expect(london.nextNonQuietTime(at("2024-04-02T20:00:00Z"))).toEqual(at("2024-04-03T07:00:00Z"));
  });

  it("waits over a weekend: Fri 5 Apr 21:00 BST → Mon 8 Apr 08:00 BST", () => {
    expect(london.nextNonQuietTime(at("2024-04-05T20:00:00Z"))).toEqual(at("2024-04-08T07:00:00Z"));
  });

  it("waits over Easter and the clock change: Thu 28 Mar 21:00 GMT → Tue 2 Apr 08:00 BST", () => {
    expect(london.nextNonQuietTime(at("2024-03-28T21:00:00Z"))).toEqual(at("2024-04-02T07:00:00Z"));
  });

  it("waits over an extra closure: Tue 9 Apr 22:00 BST → Thu 11 Apr 08:00 BST", () => {
    expect(london.nextNonQuietTime(at("2024-04-09T21:00:00Z"))).toEqual(at("2024-04-11T07:00:00Z"));
  });

  it("honours custom quiet hours", () => {
    const quiet = { from: "22:00", to: "07:00", weekends: false };
    // Sat 6 Apr 23:00 BST → Sun 07:00 BST.
    expect(london.nextNonQuietTime(at("2024-04-06T22:00:00Z"), quiet)).toEqual(at("2024-04-07T06:00:00Z"));
    // Wed 12:30 BST in a 12:00–14:00 window → 14:00 BST.
    expect(london.nextNonQuietTime(at("2024-04-03T11:30:00Z"), { from: "12:00", to: "14:00" })).toEqual(
      at("2024-04-03T13:00:00Z"),
    );
  });

  it("jumps straight to the end of a long overnight window", () => {
    // Wed 3 Apr 01:30 BST in a 01:00–00:30 window → Thu 00:30 BST.
    expect(london.nextNonQuietTime(at("2024-04-03T00:30:00Z"), { from: "01:00", to: "00:30" })).toEqual(
      at("2024-04-03T23:30:00Z"),
    );
  });

  it("ends a window whose end is skipped by the spring gap just after the gap", () => {
    // Sun 31 Mar 2024 00:30 GMT, window 00:00–01:30: 01:30 never happens, so 02:30 BST (01:30Z).
    const quiet = { from: "00:00", to: "01:30", weekends: false };
    expect(london.nextNonQuietTime(at("2024-03-31T00:30:00Z"), quiet)).toEqual(at("2024-03-31T01:30:00Z"));
  });

  it("rejects malformed times", () => {
    expect(() => london.isQuietTime(at("2024-04-03T11:30:00Z"), { from: "8pm" })).toThrow(/quiet\.from/);
  });
});
