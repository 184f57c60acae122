import fc from "fast-check";
import { IANAZone } from "luxon";
import { describe, expect, it } from "vitest";
import { createWorkingCalendar } from "../../../src/domain/workingTime/index.js";
import { localDayStartMinutes, zoneOffsets } from "../../../src/domain/workingTime/zoneOffsets.js";

const ZONES = ["Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Africa/Casablanca"];
const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2035, 11, 31) });

describe("zone offsets remembered per UTC day", () => {
  it("equal the zone's own offset at any instant, transition days included", () => {
    for (const zone of ZONES) {
      const offsetAt = zoneOffsets(zone);
      const iana = IANAZone.create(zone);
      fc.assert(
        fc.property(instant, (t) => {
          expect([zone, t, offsetAt(t)]).toEqual([zone, t, iana.offset(t)]);
        }),
        { numRuns: 300 },
      );
      // Every minute of London's two transition days in 2024, and of New York's.
      for (const day of [Date.UTC(2024, 2, 31), Date.UTC(2024, 9, 27), Date.UTC(2024, 2, 10), Date.UTC(2024, 10, 3)]) {
        for (let t = day; t < day + 86_400_000; t += 60_000) if (offsetAt(t) !== iana.offset(t)) expect([zone, new Date(t).toISOString(), offsetAt(t)]).toEqual([zone, new Date(t).toISOString(), iana.offset(t)]);
      }
    }
  });
});

describe("the minutes of a UTC day at which a local day can start", () => {
  it("are those of each offset the zone has used", () => {
    expect(localDayStartMinutes("Europe/London")).toEqual([0, 23 * 60]);
    expect(localDayStartMinutes("UTC")).toEqual([0]);
    expect(localDayStartMinutes("Asia/Kolkata")).toEqual([0, 18 * 60 + 30]);
    expect(localDayStartMinutes("America/New_York")).toEqual([0, 4 * 60, 5 * 60]);
  });
});

describe("working time over long spans, counted from a running total", () => {
  it("matches the time the calendar adds window by window, in zones with half-hour offsets and odd transitions", () => {
    for (const zone of ZONES) {
      const calendar = createWorkingCalendar({ zone, dayStart: "07:30", dayEnd: "19:00" });
      fc.assert(
        fc.property(instant, fc.integer({ min: 0, max: 2 * 260 * 11.5 * 60 }), (t, minutes) => {
          const start = new Date(t);
          const end = calendar.addWorkingHours(start, minutes / 60);
          expect(calendar.workingMillisBetween(start, end)).toBe(minutes * 60_000);
          if (minutes > 0) expect(calendar.workingMillisBetween(end, start)).toBe(-minutes * 60_000);
        }),
        { numRuns: 150 },
      );
    }
  });
});
