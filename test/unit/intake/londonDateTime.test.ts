import { describe, expect, it } from "vitest";
import { parseLondonDateTime } from "../../../src/intake/londonDateTime.js";

function instant(text: string): string {
  const parsed = parseLondonDateTime(text);
  if (!parsed.ok) throw new Error(`expected ${text} to parse, got ${parsed.reason}`);
  return parsed.date.toISOString();
}

function reason(text: string): string {
  const parsed = parseLondonDateTime(text);
  return parsed.ok ? "ok" : parsed.reason;
}

describe("parseLondonDateTime", () => {
  it("reads UK dd/mm/yyyy HH:mm as London time: GMT in winter, BST in summer", () => {
    expect(instant("14/03/2024 09:30")).toBe("2024-03-14T09:30:00.000Z");
    expect(instant("01/07/2024 09:30")).toBe("2024-07-01T08:30:00.000Z");
    expect(instant(" 1/7/2024 9:05 ")).toBe("2024-07-01T08:05:00.000Z");
    expect(instant("01/07/2024 09:30:15")).toBe("2024-07-01T08:30:15.000Z");
  });

  it("reads dd/mm, never mm/dd", () => {
    expect(instant("02/01/2024 12:00")).toBe("2024-01-02T12:00:00.000Z");
    expect(reason("01/13/2024 12:00")).toBe("impossible");
  });

  it("reads ISO 8601 with and without an offset", () => {
    expect(instant("2024-07-01T09:30")).toBe("2024-07-01T08:30:00.000Z");
    expect(instant("2024-07-01T09:30:00Z")).toBe("2024-07-01T09:30:00.000Z");
    expect(instant("2024-07-01T09:30:00+02:00")).toBe("2024-07-01T07:30:00.000Z");
    expect(instant("2024-01-15T09:30:00.250")).toBe("2024-01-15T09:30:00.250Z");
  });

  it("rejects impossible calendar dates", () => {
    expect(reason("31/02/2024 10:00")).toBe("impossible");
    expect(reason("29/02/2023 10:00")).toBe("impossible");
    expect(reason("2024-02-30T10:00")).toBe("impossible");
    expect(reason("10/10/2024 25:00")).toBe("impossible");
    expect(instant("29/02/2024 10:00")).toBe("2024-02-29T10:00:00.000Z");
  });

  it("rejects local times in the spring-forward gap (31 March 2024, 01:00–01:59 did not happen)", () => {
    expect(reason("31/03/2024 01:00")).toBe("dst-gap");
    expect(reason("31/03/2024 01:59")).toBe("dst-gap");
    expect(reason("2024-03-31T01:30")).toBe("dst-gap");
    expect(instant("31/03/2024 00:59")).toBe("2024-03-31T00:59:00.000Z");
    expect(instant("31/03/2024 02:00")).toBe("2024-03-31T01:00:00.000Z");
  });

  it("accepts an instant in the gap hour when an offset makes it unambiguous", () => {
    expect(instant("2024-03-31T01:30:00Z")).toBe("2024-03-31T01:30:00.000Z");
  });

  it("accepts the repeated autumn hour (resolved to its GMT occurrence)", () => {
    expect(instant("27/10/2024 01:30")).toBe("2024-10-27T01:30:00.000Z");
  });

  it("says whether a time of day was given", () => {
    const dateOnly = parseLondonDateTime("01/07/2024");
    expect(dateOnly).toEqual({ ok: true, date: new Date("2024-06-30T23:00:00.000Z"), hasTime: false });
    const isoDate = parseLondonDateTime("2024-01-15");
    expect(isoDate).toEqual({ ok: true, date: new Date("2024-01-15T00:00:00.000Z"), hasTime: false });
    expect(parseLondonDateTime("2024-01-15T10:00")).toMatchObject({ ok: true, hasTime: true });
  });

  it("rejects text it cannot read", () => {
    for (const text of ["", "yesterday", "01/03/24 09:05", "2024-03-01 10:00", "01-03-2024 10:00", "1709283600"]) {
      expect(reason(text), text).toBe("unreadable");
    }
  });
});
