import { describe, expect, it } from "vitest";
import { createWorkingCalendar } from "../../../src/domain/workingTime/index.js";

const HOUR = 3_600_000;
const MINUTE = 60_000;
// Instants are written in UTC; the comments give London local time (GMT until the last
// Sunday of March, BST = UTC+1 until the last Sunday of October).
const at = (iso: string) => new Date(iso);
const london = createWorkingCalendar();

describe("isWorkingDay", () => {
  it("reads the London date, not the UTC date", () => {
    expect(london.isWorkingDay(at("2024-06-30T23:30:00Z"))).toBe(true); // Mon 1 Jul 00:30 BST
    expect(london.isWorkingDay(at("2024-06-30T22:30:00Z"))).toBe(false); // Sun 30 Jun 23:30 BST
  });

  it("excludes Easter 2024 and the weekend, not the Tuesday after", () => {
    expect(london.isWorkingDay(at("2024-03-28T12:00:00Z"))).toBe(true); // Thu
    expect(london.isWorkingDay(at("2024-03-29T12:00:00Z"))).toBe(false); // Good Friday
    expect(london.isWorkingDay(at("2024-03-30T12:00:00Z"))).toBe(false); // Sat
    expect(london.isWorkingDay(at("2024-04-01T11:00:00Z"))).toBe(false); // Easter Monday
    expect(london.isWorkingDay(at("2024-04-02T11:00:00Z"))).toBe(true); // Tue
  });

  it("excludes the early May bank holiday of 2 May 2022", () => {
    expect(london.isWorkingDay(at("2022-05-02T11:00:00Z"))).toBe(false);
    expect(london.isWorkingDay(at("2022-05-03T11:00:00Z"))).toBe(true);
  });
});

describe("addWorkingDays", () => {
  it("Easter 2024: Thu 28 Mar 16:00 + 3 working days is Thu 4 Apr 16:00 (now BST)", () => {
    expect(london.addWorkingDays(at("2024-03-28T16:00:00Z"), 3)).toEqual(at("2024-04-04T15:00:00Z"));
  });

  it("Christmas on a Saturday (2021): Thu 23 Dec 10:00 + 2 is Wed 29 Dec 10:00", () => {
    expect(london.addWorkingDays(at("2021-12-23T10:00:00Z"), 2)).toEqual(at("2021-12-29T10:00:00Z"));
  });

  it("Christmas on a Sunday (2022): Fri 23 Dec 10:00 + 1 is Wed 28 Dec 10:00", () => {
    expect(london.addWorkingDays(at("2022-12-23T10:00:00Z"), 1)).toEqual(at("2022-12-28T10:00:00Z"));
  });

  it("skips Mon 2 May 2022: Fri 29 Apr 15:00 + 1 is Tue 3 May 15:00", () => {
    expect(london.addWorkingDays(at("2022-04-29T14:00:00Z"), 1)).toEqual(at("2022-05-03T14:00:00Z"));
  });

  it("keeps the local time of day across both DST changes", () => {
    // Fri 24 Mar 2023 09:30 GMT + 1 → Mon 27 Mar 09:30 BST.
    expect(london.addWorkingDays(at("2023-03-24T09:30:00Z"), 1)).toEqual(at("2023-03-27T08:30:00Z"));
    // Fri 27 Oct 2023 09:30 BST + 1 → Mon 30 Oct 09:30 GMT.
    expect(london.addWorkingDays(at("2023-10-27T08:30:00Z"), 1)).toEqual(at("2023-10-30T09:30:00Z"));
  });

  it("counts a start outside opening hours from the next opening", () => {
    // Sat 6 Apr 2024 14:00 BST → counted from Mon 8 Apr 08:00 → Thu 11 Apr 08:00 BST.
    expect(london.addWorkingDays(at("2024-04-06T13:00:00Z"), 3)).toEqual(at("2024-04-11T07:00:00Z"));
    // Thu 4 Apr 2024 19:00 BST → counted from Fri 5 Apr 08:00 → Wed 10 Apr 08:00 BST.
    expect(london.addWorkingDays(at("2024-04-04T18:00:00Z"), 3)).toEqual(at("2024-04-10T07:00:00Z"));
    // Zero days from a Saturday is the Monday opening.
    expect(london.addWorkingDays(at("2024-04-06T13:00:00Z"), 0)).toEqual(at("2024-04-08T07:00:00Z"));
  });

  it("rejects negative or fractional day counts", () => {
    expect(() => london.addWorkingDays(at("2024-04-02T10:00:00Z"), -1)).toThrow(RangeError);
    expect(() => london.addWorkingDays(at("2024-04-02T10:00:00Z"), 1.5)).toThrow(RangeError);
  });
});

describe("addWorkingHours", () => {
  it("counts only 08:00–18:00 on working days", () => {
    // Mon 8 Apr 2024 08:00 BST + 10 h ends at that day's close, not the next opening.
    expect(london.addWorkingHours(at("2024-04-08T07:00:00Z"), 10)).toEqual(at("2024-04-08T17:00:00Z"));
    // Tue 2 Apr 2024 19:00 BST + 1 h → Wed 3 Apr 09:00 BST.
    expect(london.addWorkingHours(at("2024-04-02T18:00:00Z"), 1)).toEqual(at("2024-04-03T08:00:00Z"));
    // Tue 2 Apr 2024 06:00 BST + 1 h → Tue 09:00 BST.
    expect(london.addWorkingHours(at("2024-04-02T05:00:00Z"), 1)).toEqual(at("2024-04-02T08:00:00Z"));
  });

  it("crosses Christmas 2021: Fri 24 Dec 17:00 + 8 h is Wed 29 Dec 15:00", () => {
    expect(london.addWorkingHours(at("2021-12-24T17:00:00Z"), 8)).toEqual(at("2021-12-29T15:00:00Z"));
  });

  it("crosses 2 May 2022: Fri 29 Apr 15:00 BST + 8 h is Tue 3 May 13:00 BST", () => {
    expect(london.addWorkingHours(at("2022-04-29T14:00:00Z"), 8)).toEqual(at("2022-05-03T12:00:00Z"));
  });

  it("crosses the spring DST change: Fri 24 Mar 2023 17:00 GMT + 2 h is Mon 27 Mar 09:00 BST", () => {
    expect(london.addWorkingHours(at("2023-03-24T17:00:00Z"), 2)).toEqual(at("2023-03-27T08:00:00Z"));
  });

  it("crosses the autumn DST change: Fri 27 Oct 2023 17:30 BST + 1 h is Mon 30 Oct 08:30 GMT", () => {
    expect(london.addWorkingHours(at("2023-10-27T16:30:00Z"), 1)).toEqual(at("2023-10-30T08:30:00Z"));
  });

  it("uses configured opening hours", () => {
    const nineToFive = createWorkingCalendar({ dayStart: "09:00", dayEnd: "17:00" });
    // Mon 8 Apr 2024 10:00 BST + 8 h → Tue 9 Apr 10:00 BST.
    expect(nineToFive.addWorkingHours(at("2024-04-08T09:00:00Z"), 8)).toEqual(at("2024-04-09T09:00:00Z"));
  });

  it("rejects negative hours", () => {
    expect(() => london.addWorkingHours(at("2024-04-02T10:00:00Z"), -1)).toThrow(RangeError);
  });
});

describe("workingMillisBetween: a 'within 4 working hours' threshold across a weekend", () => {
  const referred = at("2024-04-05T15:00:00Z"); // Fri 5 Apr 2024 16:00 BST

  it("falls due at Mon 10:00 BST", () => {
    expect(london.addWorkingHours(referred, 4)).toEqual(at("2024-04-08T09:00:00Z"));
  });

  it("is under the threshold at Mon 09:59 and over it at Mon 10:01", () => {
    expect(london.workingMillisBetween(referred, at("2024-04-06T11:00:00Z"))).toBe(2 * HOUR); // Sat noon
    expect(london.workingMillisBetween(referred, at("2024-04-08T08:59:00Z"))).toBe(4 * HOUR - MINUTE);
    expect(london.workingMillisBetween(referred, at("2024-04-08T09:00:00Z"))).toBe(4 * HOUR);
    expect(london.workingMillisBetween(referred, at("2024-04-08T09:01:00Z"))).toBe(4 * HOUR + MINUTE);
  });

  it("is negative when the end comes first", () => {
    expect(london.workingMillisBetween(at("2024-04-08T09:00:00Z"), referred)).toBe(-4 * HOUR);
  });
});

describe("DST: working time is real elapsed time", () => {
  it("counts two ordinary working days around the spring change", () => {
    // Fri 24 Mar 2023 08:00 GMT to Mon 27 Mar 2023 18:00 BST.
    expect(london.workingMillisBetween(at("2023-03-24T08:00:00Z"), at("2023-03-27T17:00:00Z"))).toBe(20 * HOUR);
  });

  it("gives a 00:00–04:00 window 3 hours on the spring night and 5 on the autumn night", () => {
    const night = createWorkingCalendar({ dayStart: "00:00", dayEnd: "04:00", workingDays: [1, 2, 3, 4, 5, 6, 7] });
    expect(night.workingMillisBetween(at("2024-03-30T12:00:00Z"), at("2024-03-31T12:00:00Z"))).toBe(3 * HOUR);
    expect(night.workingMillisBetween(at("2024-10-26T12:00:00Z"), at("2024-10-27T12:00:00Z"))).toBe(5 * HOUR);
    // An opening time inside the gap opens just after it: 01:30 → 02:30 BST (01:30Z).
    const gapOpening = createWorkingCalendar({ dayStart: "01:30", dayEnd: "04:00", workingDays: [7] });
    expect(gapOpening.addWorkingHours(at("2024-03-31T00:00:00Z"), 0)).toEqual(at("2024-03-31T01:30:00Z"));
    // 00:00 GMT + 2 h on 31 Mar 2024 is 03:00 BST (02:00Z), since 01:00–02:00 never happens.
    expect(night.addWorkingHours(at("2024-03-31T00:00:00Z"), 2)).toEqual(at("2024-03-31T02:00:00Z"));
  });
});

describe("extra closures", () => {
  const closed = createWorkingCalendar({ extraClosures: ["2024-04-03"] });

  it("are not working days", () => {
    expect(closed.isWorkingDay(at("2024-04-03T11:00:00Z"))).toBe(false);
    expect(london.isWorkingDay(at("2024-04-03T11:00:00Z"))).toBe(true);
  });

  it("push due times back", () => {
    // Thu 28 Mar 16:00 + 3: Tue 2, (Wed 3 closed), Thu 4, Fri 5 Apr 16:00 BST.
    expect(closed.addWorkingDays(at("2024-03-28T16:00:00Z"), 3)).toEqual(at("2024-04-05T15:00:00Z"));
    expect(closed.workingMillisBetween(at("2024-04-02T07:00:00Z"), at("2024-04-04T17:00:00Z"))).toBe(20 * HOUR);
  });

  it("must be real dates", () => {
    expect(() => createWorkingCalendar({ extraClosures: ["2024-02-30"] })).toThrow(/2024-02-30/);
  });
});

describe("configuration is checked", () => {
  it.each([
    [{ dayStart: "18:00", dayEnd: "08:00" }, /dayEnd/],
    [{ dayStart: "8am" }, /dayStart/],
    [{ workingDays: [] }, /workingDays/],
    [{ workingDays: [0, 1] }, /workingDays/],
    [{ zone: "Europe/Atlantis" }, /Europe\/Atlantis/],
  ])("rejects %o", (options, message) => {
    expect(() => createWorkingCalendar(options)).toThrow(message);
  });

  it("fails instead of looping when nothing is ever open", () => {
    const closures = Array.from({ length: 3_700 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10));
    const shut = createWorkingCalendar({ workingDays: [1, 2, 3, 4, 5, 6, 7], extraClosures: closures });
    expect(() => shut.addWorkingHours(at("2024-01-01T09:00:00Z"), 1)).toThrow(/No working time/);
  });
});
