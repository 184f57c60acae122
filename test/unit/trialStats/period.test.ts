import { describe, expect, it } from "vitest";
import { parseStatsRequest, periodFromBounds, PeriodBoundError, resolveStatsPeriod } from "../../../src/domain/trialStats/period.js";
import { selectArea } from "../../../src/domain/trialStats/area.js";

const NOW = new Date("2023-03-15T12:00:00Z"); // a Wednesday in ISO week 2023-W11
const ZONE = "Europe/London";

describe("parseStatsRequest", () => {
  it("reads the /stats-only forms, in either order with a filter", () => {
    expect(parseStatsRequest("week 2023-W02")).toEqual({ ok: true, request: { period: { kind: "iso week", weekYear: 2023, week: 2 }, filter: { kind: "all" } } });
    expect(parseStatsRequest("ward E05000001 Week 2020-w53")).toEqual({
      ok: true,
      request: { period: { kind: "iso week", weekYear: 2020, week: 53 }, filter: { kind: "ward", code: "E05000001" } },
    });
    expect(parseStatsRequest("TRIAL borough Kingston upon Thames")).toEqual({ ok: true, request: { period: { kind: "trial" }, filter: { kind: "borough", name: "Kingston upon Thames" } } });
  });

  it("leaves /status's forms to its parser, defaulting to this week", () => {
    expect(parseStatsRequest("")).toEqual({ ok: true, request: { period: { kind: "this week" }, filter: { kind: "all" } } });
    expect(parseStatsRequest("last week borough Merton")).toEqual({ ok: true, request: { period: { kind: "last week" }, filter: { kind: "borough", name: "Merton" } } });
    expect(parseStatsRequest("from 2023-01-02 to 08/01/2023")).toEqual({ ok: true, request: { period: { kind: "range", first: "2023-01-02", last: "2023-01-08" }, filter: { kind: "all" } } });
  });

  it("refuses two periods, a week that does not exist, and anything else", () => {
    expect(parseStatsRequest("trial week 2023-W02")).toMatchObject({ ok: false, message: expect.stringContaining("Give one period") });
    expect(parseStatsRequest("trial last week")).toMatchObject({ ok: false, message: expect.stringContaining("Give one period") });
    expect(parseStatsRequest("week 2023-W53")).toEqual({ ok: false, message: "2023 has no week 53: its ISO weeks run from W01 to W52." });
    expect(parseStatsRequest("week 2")).toMatchObject({ ok: false, message: expect.stringContaining("e.g. week 2023-W02") });
    expect(parseStatsRequest("week")).toMatchObject({ ok: false });
    expect(parseStatsRequest("yesterday")).toMatchObject({ ok: false });
  });
});

describe("resolveStatsPeriod", () => {
  it("takes an ISO week Monday to Sunday in London time", () => {
    const p = resolveStatsPeriod({ kind: "iso week", weekYear: 2023, week: 2 }, NOW, ZONE);
    expect(p.from).toEqual(new Date("2023-01-09T00:00:00Z"));
    expect(p.to).toEqual(new Date("2023-01-16T00:00:00Z"));
    expect(p.label).toBe("Week 2023-W02: Mon 9 Jan 2023 – Sun 15 Jan 2023");
  });

  it("starts a summer week at midnight BST, and week 1 of 2021 in January", () => {
    const p = resolveStatsPeriod({ kind: "iso week", weekYear: 2023, week: 28 }, NOW, ZONE);
    expect(p.from).toEqual(new Date("2023-07-09T23:00:00Z"));
    expect(resolveStatsPeriod({ kind: "iso week", weekYear: 2021, week: 1 }, NOW, ZONE).from).toEqual(new Date("2021-01-04T00:00:00Z"));
  });

  it("leaves the whole trial unbounded, and resolves this week as /status does", () => {
    expect(resolveStatsPeriod({ kind: "trial" }, NOW, ZONE)).toEqual({ from: undefined, to: undefined, label: "Whole trial" });
    const week = resolveStatsPeriod({ kind: "this week" }, NOW, ZONE);
    expect([week.from, week.to]).toEqual([new Date("2023-03-13T00:00:00Z"), new Date("2023-03-20T00:00:00Z")]);
  });
});

describe("periodFromBounds (the command line)", () => {
  it("includes the whole last day and leaves missing bounds open", () => {
    expect(periodFromBounds("2023-01-02", "2023-01-08", ZONE)).toMatchObject({ from: new Date("2023-01-02T00:00:00Z"), to: new Date("2023-01-09T00:00:00Z") });
    expect(periodFromBounds(undefined, "01/07/2023", ZONE)).toMatchObject({ from: undefined, to: new Date("2023-07-01T23:00:00Z") });
    expect(periodFromBounds(undefined, undefined, ZONE)).toEqual({ from: undefined, to: undefined, label: "Whole trial" });
  });

  it("refuses impossible dates and a start after the end", () => {
    expect(() => periodFromBounds("2023-02-30", undefined, ZONE)).toThrow(PeriodBoundError);
    expect(() => periodFromBounds("2023-02-30", undefined, ZONE)).toThrow(/--from: February 2023 has no day 30/);
    expect(() => periodFromBounds("2023-02-10", "2023-02-01", ZONE)).toThrow(/is after/);
  });
});

describe("selectArea", () => {
  const wards = [
    { code: "E05000001", name: "Abbey", borough: "Merton", bcu: "South West" },
    { code: "E05000002", name: "Cannon Hill", borough: "Merton", bcu: "South West" },
    { code: "E05000003", name: "Alexandra", borough: "Kingston upon Thames", bcu: "South West" },
    { code: "E05000004", name: "Bow West", borough: "Tower Hamlets", bcu: "Central East" },
  ];

  it("names a ward or every ward of a borough, in any case", () => {
    expect(selectArea({ kind: "ward", code: "e05000003" }, wards)).toEqual({ ok: true, wardCodes: ["E05000003"], label: "Ward Alexandra (E05000003)" });
    expect(selectArea({ kind: "borough", name: "merton" }, wards)).toEqual({ ok: true, wardCodes: ["E05000001", "E05000002"], label: "Borough Merton" });
    expect(selectArea({ kind: "all" }, wards)).toEqual({ ok: true, wardCodes: undefined, label: "All wards" });
  });

  it("names every ward of a BCU, in any case, across its boroughs", () => {
    expect(selectArea({ kind: "bcu", name: "south WEST" }, wards)).toEqual({ ok: true, wardCodes: ["E05000001", "E05000002", "E05000003"], label: "BCU South West" });
    expect(selectArea({ kind: "bcu", name: "Central East" }, wards)).toEqual({ ok: true, wardCodes: ["E05000004"], label: "BCU Central East" });
    expect(selectArea({ kind: "bcu", name: "North" }, wards)).toEqual({ ok: false, message: 'Unknown BCU "North". Known BCUs: Central East, South West.' });
  });

  it("answers an unknown name with the known ones", () => {
    expect(selectArea({ kind: "ward", code: "E05000009" }, wards)).toMatchObject({ ok: false, message: expect.stringContaining("Did you mean") });
    expect(selectArea({ kind: "borough", name: "Sutton" }, wards)).toEqual({ ok: false, message: 'Unknown borough "Sutton". Known boroughs: Kingston upon Thames, Merton, Tower Hamlets.' });
  });
});
