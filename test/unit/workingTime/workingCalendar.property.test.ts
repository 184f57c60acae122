import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createWorkingCalendar } from "../../../src/domain/workingTime/index.js";

const london = createWorkingCalendar({ extraClosures: ["2024-04-10", "2025-12-24"] });

// Instants from 2018 to 2030, which include every DST change, Christmas pattern and one-off holiday of interest.
const instant = fc.integer({ min: Date.UTC(2018, 0, 1), max: Date.UTC(2030, 11, 31) }).map((t) => new Date(t));
// Up to two working weeks, at minute resolution so hours * 3 600 000 is exact.
const workingMinutes = fc.integer({ min: 0, max: 2 * 5 * 10 * 60 });
const runs = { numRuns: 400 };

describe("addWorkingHours properties", () => {
  it("workingMillisBetween(start, addWorkingHours(start, h)) is exactly h hours", () => {
    fc.assert(
      fc.property(instant, workingMinutes, (start, minutes) => {
        const due = london.addWorkingHours(start, minutes / 60);
        expect(london.workingMillisBetween(start, due)).toBe(minutes * 60_000);
      }),
      runs,
    );
  });

  it("is monotonic in the start and in the hours", () => {
    fc.assert(
      fc.property(instant, instant, workingMinutes, workingMinutes, (a, b, m, n) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const [few, many] = m <= n ? [m, n] : [n, m];
        expect(london.addWorkingHours(early, few / 60).getTime()).toBeLessThanOrEqual(london.addWorkingHours(late, few / 60).getTime());
        expect(london.addWorkingHours(early, few / 60).getTime()).toBeLessThanOrEqual(london.addWorkingHours(early, many / 60).getTime());
      }),
      runs,
    );
  });

  it("never returns a time before the start", () => {
    fc.assert(
      fc.property(instant, workingMinutes, (start, minutes) => {
        expect(london.addWorkingHours(start, minutes / 60).getTime()).toBeGreaterThanOrEqual(start.getTime());
      }),
      runs,
    );
  });
});

describe("workingMillisBetween properties", () => {
  it("is additive and never exceeds elapsed time", () => {
    fc.assert(
      fc.property(instant, instant, instant, (x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p.getTime() - q.getTime()) as [Date, Date, Date];
        const whole = london.workingMillisBetween(a, c);
        expect(whole).toBe(london.workingMillisBetween(a, b) + london.workingMillisBetween(b, c));
        expect(whole).toBeLessThanOrEqual(c.getTime() - a.getTime());
      }),
      { numRuns: 200 },
    );
  });
});

describe("addWorkingDays properties", () => {
  it("lands on a working day, within opening hours, after the start", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 15 }), (start, days) => {
        const due = london.addWorkingDays(start, days);
        expect(london.isWorkingDay(due)).toBe(true);
        expect(due.getTime()).toBeGreaterThan(start.getTime());
        // Inside opening hours: adding zero working hours does not move it.
        expect(london.addWorkingHours(due, 0)).toEqual(due);
      }),
      runs,
    );
  });
});
