import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SlidingWindow, WindowSet } from "../../../src/outbound/index.js";

/** Calls in (at − windowMs, at], counted the plain way. */
function countInWindow(times: number[], at: number, windowMs: number): number {
  return times.filter((t) => t > at - windowMs && t <= at).length;
}

describe("SlidingWindow", () => {
  it("allows `limit` calls, then waits until the oldest leaves the window", () => {
    const window = new SlidingWindow({ limit: 3, windowMs: 1000 });
    for (const t of [0, 10, 20]) {
      expect(window.waitMs(t)).toBe(0);
      window.record(t);
    }
    expect(window.waitMs(20)).toBe(980);
    expect(window.waitMs(999)).toBe(1);
    expect(window.waitMs(1000)).toBe(0);
    window.record(1000);
    expect(window.waitMs(1000)).toBe(10); // the call at 10 is now the oldest of the last three
  });

  it("counts a begun call from the start, and from its end for the window after", () => {
    const window = new SlidingWindow({ limit: 2, windowMs: 1000 });
    window.begin();
    window.begin();
    expect(window.waitMs(0)).toBe(Infinity); // both places taken until an answer comes back
    expect(window.isIdle(5000)).toBe(false);
    window.end(300);
    expect(window.waitMs(300)).toBe(1000); // one still open, one ended at 300: full until 1300
    window.end(500);
    expect(window.waitMs(1299)).toBe(1);
    expect(window.waitMs(1300)).toBe(0);
    expect(window.isIdle(1499)).toBe(false);
    expect(window.isIdle(1500)).toBe(true);
  });

  it("is idle once its newest call has left the window", () => {
    const window = new SlidingWindow({ limit: 2, windowMs: 500 });
    expect(window.isIdle(0)).toBe(true);
    window.record(100);
    expect(window.isIdle(599)).toBe(false);
    expect(window.isIdle(600)).toBe(true);
  });

  it("admitting only when waitMs is 0 never puts more than `limit` calls in any window, and waitMs is exact", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 120 }),
        (limit, windowMs, gaps) => {
          const window = new SlidingWindow({ limit, windowMs });
          const admitted: number[] = [];
          let now = 0;
          for (const gap of gaps) {
            now += gap;
            const wait = window.waitMs(now);
            if (wait === 0) {
              window.record(now);
              admitted.push(now);
              expect(countInWindow(admitted, now, windowMs)).toBeLessThanOrEqual(limit);
            } else {
              // Full now, and one more call fits exactly `wait` ms later, not a millisecond sooner.
              expect(countInWindow(admitted, now + wait, windowMs)).toBeLessThan(limit);
              expect(countInWindow(admitted, now + wait - 1, windowMs)).toBe(limit);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("WindowSet", () => {
  it("waits for the tightest of its windows", () => {
    const windows = new WindowSet([
      { limit: 2, windowMs: 100 },
      { limit: 3, windowMs: 1000 },
    ]);
    windows.record(0);
    windows.record(1);
    expect(windows.waitMs(1)).toBe(99); // 2 per 100 ms
    windows.record(100);
    expect(windows.waitMs(150)).toBe(850); // 3 per second: the call at 0 leaves at 1000
  });
});
