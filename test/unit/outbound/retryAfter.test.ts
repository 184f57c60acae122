import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "../../../src/outbound/index.js";

const NOW = Date.UTC(2024, 0, 1, 9, 0, 0); // Mon, 01 Jan 2024 09:00:00 GMT

describe("parseRetryAfter", () => {
  it("reads delay-seconds", () => {
    expect(parseRetryAfter("3", NOW)).toBe(3000);
    expect(parseRetryAfter(" 120 ", NOW)).toBe(120_000);
    expect(parseRetryAfter("0", NOW)).toBe(0);
    expect(parseRetryAfter(2, NOW)).toBe(2000);
  });

  it("reads an HTTP-date in all three RFC 9110 forms, relative to now", () => {
    expect(parseRetryAfter("Mon, 01 Jan 2024 09:00:07 GMT", NOW)).toBe(7000);
    expect(parseRetryAfter("Monday, 01-Jan-24 09:00:30 GMT", NOW)).toBe(30_000);
    expect(parseRetryAfter("Mon Jan  1 09:01:00 2024", NOW)).toBe(60_000); // asctime means GMT whatever TZ says
  });

  it("treats a date in the past as 'now'", () => {
    expect(parseRetryAfter("Mon, 01 Jan 2024 08:59:00 GMT", NOW)).toBe(0);
  });

  it("returns undefined for missing or unreadable values", () => {
    for (const value of [undefined, "", "soon", "-1", "1e3", "3 seconds", "Xyz, 99 Foo 2024"]) {
      expect(parseRetryAfter(value, NOW)).toBeUndefined();
    }
    expect(parseRetryAfter(Number.NaN, NOW)).toBeUndefined();
    expect(parseRetryAfter(-5, NOW)).toBeUndefined();
  });
});
