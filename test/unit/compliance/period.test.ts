import { describe, expect, it } from "vitest";
import { parseStatusRequest, resolvePeriod, type PeriodSpec, type StatusRequest } from "../../../src/domain/compliance/period.js";

const LONDON = "Europe/London";

function request(text: string): StatusRequest {
  const parsed = parseStatusRequest(text);
  if (!parsed.ok) throw new Error(`expected "${text}" to parse, got: ${parsed.message}`);
  return parsed.request;
}

function refusal(text: string): string {
  const parsed = parseStatusRequest(text);
  if (parsed.ok) throw new Error(`expected "${text}" to be refused`);
  return parsed.message;
}

const iso = (spec: PeriodSpec, now: string, zone = LONDON) => {
  const period = resolvePeriod(spec, new Date(now), zone);
  return { from: period.from.toISOString(), to: period.to.toISOString(), label: period.label };
};

describe("parseStatusRequest", () => {
  it("defaults to this week and every ward the caller may see", () => {
    expect(request("")).toEqual({ period: { kind: "this week" }, filter: { kind: "all" } });
    expect(request("   ")).toEqual({ period: { kind: "this week" }, filter: { kind: "all" } });
  });

  it("reads this week, last week and a range in either date format, keywords in any case", () => {
    expect(request("this week").period).toEqual({ kind: "this week" });
    expect(request("LAST Week").period).toEqual({ kind: "last week" });
    expect(request("from 2024-04-01 to 2024-04-07").period).toEqual({ kind: "range", first: "2024-04-01", last: "2024-04-07" });
    expect(request("From 1/4/2024 TO 07/04/2024").period).toEqual({ kind: "range", first: "2024-04-01", last: "2024-04-07" });
    expect(request("from 29/02/2024 to 29/02/2024").period).toEqual({ kind: "range", first: "2024-02-29", last: "2024-02-29" });
  });

  it("reads a ward or a borough filter, before or after the period", () => {
    expect(request("ward E05000001")).toEqual({ period: { kind: "this week" }, filter: { kind: "ward", code: "E05000001" } });
    expect(request("Ward e05000001 last week")).toEqual({ period: { kind: "last week" }, filter: { kind: "ward", code: "e05000001" } });
    expect(request("last week borough Merton")).toEqual({ period: { kind: "last week" }, filter: { kind: "borough", name: "Merton" } });
    expect(request("BCU South West last week")).toEqual({ period: { kind: "last week" }, filter: { kind: "bcu", name: "South West" } });
    // A borough's name runs to the next keyword, so names with spaces need no quotes.
    expect(request("borough Richmond upon Thames from 2024-04-01 to 2024-04-02")).toEqual({
      period: { kind: "range", first: "2024-04-01", last: "2024-04-02" },
      filter: { kind: "borough", name: "Richmond upon Thames" },
    });
  });

  it("says why an impossible date is refused", () => {
    expect(refusal("from 2024-02-30 to 2024-03-01")).toBe(
      "The start date 2024-02-30 does not exist: February 2024 has no day 30 (it has 29 days).",
    );
    expect(refusal("from 2023-02-01 to 29/02/2023")).toBe("The end date 29/02/2023 does not exist: February 2023 has no day 29 (it has 28 days).");
    expect(refusal("from 2024-13-01 to 2024-13-02")).toBe("The start date 2024-13-01 does not exist: there is no month 13.");
    expect(refusal("from 31/04/2024 to 2024-05-01")).toBe("The start date 31/04/2024 does not exist: April 2024 has no day 31 (it has 30 days).");
  });

  it("refuses text that is not a date, times of day, and years out of range", () => {
    expect(refusal("from yesterday to today")).toBe('"yesterday" is not a date: write the start date as yyyy-mm-dd or dd/mm/yyyy (e.g. 2024-04-01 or 01/04/2024).');
    expect(refusal("from 2024-04-01 to 2024-04-02T10:00")).toContain('"2024-04-02T10:00" is not a date: write the end date as');
    expect(refusal("from 2024/04/01 to 2024-04-02")).toContain('"2024/04/01" is not a date');
    expect(refusal("from 1999-12-31 to 2000-01-01")).toBe("The start date 1999-12-31 is out of range: give a year from 2000 to 2100.");
  });

  it("refuses a range that ends before it starts, or lacks its end", () => {
    expect(refusal("from 2024-04-07 to 2024-04-01")).toBe("The start date 2024-04-07 is after the end date 2024-04-01.");
    const incomplete = "Give the period as from <date> to <date>, e.g. from 2024-04-01 to 2024-04-07 (both days included).";
    expect(refusal("from 2024-04-01")).toBe(incomplete);
    expect(refusal("from 2024-04-01 until 2024-04-07")).toBe(incomplete);
    expect(refusal("from 2024-04-01 to")).toBe(incomplete);
  });

  it("refuses unknown words, two periods, two filters and filters without their value", () => {
    expect(refusal("this month")).toBe('"this" must be followed by "week": this week or last week.');
    expect(refusal("fortnight")).toBe('"fortnight" is not part of a period or a filter.');
    expect(refusal("this week last week")).toBe("Give one period: this week, last week, or from <date> to <date>.");
    expect(refusal("ward E05000001 borough Merton")).toBe("Give at most one ward, one borough or one BCU.");
    expect(refusal("borough Merton bcu South West")).toBe("Give at most one ward, one borough or one BCU.");
    expect(refusal("bcu")).toBe('Give the BCU\'s name after "bcu", e.g. bcu South West.');
    expect(refusal("ward")).toBe('Give one ward code after "ward", e.g. ward E05013805.');
    expect(refusal("ward <E05>")).toBe('Give one ward code after "ward", e.g. ward E05013805.');
    expect(refusal("ward E05000001 E05000002")).toBe('"E05000002" is not part of a period or a filter.');
    expect(refusal("borough last week")).toBe('Give the borough\'s name after "borough", e.g. borough Merton.');
    // Long input is cut short in the reply rather than echoed whole.
    expect(refusal("x".repeat(100))).toBe(`"${"x".repeat(30)}…" is not part of a period or a filter.`);
  });
});

describe("resolvePeriod", () => {
  // 2024: British Summer Time began Sun 31 Mar at 01:00 GMT; it ended Sun 27 Oct at 01:00 GMT.
  it("makes this week Monday 00:00 to the next Monday 00:00, London time (BST = UTC+1)", () => {
    // Tue 2 Apr 10:00 BST → week Mon 1 Apr 00:00 BST (= 31 Mar 23:00 UTC) to Mon 8 Apr 00:00 BST (= 7 Apr 23:00 UTC).
    expect(iso({ kind: "this week" }, "2024-04-02T09:00:00Z")).toEqual({
      from: "2024-03-31T23:00:00.000Z",
      to: "2024-04-07T23:00:00.000Z",
      label: "This week: Mon 1 Apr 2024 – Sun 7 Apr 2024",
    });
  });

  it("makes last week the seven days before, across the change to summer time (167 hours long)", () => {
    // Mon 25 Mar 00:00 GMT (UTC+0) to Mon 1 Apr 00:00 BST (= 31 Mar 23:00 UTC).
    expect(iso({ kind: "last week" }, "2024-04-02T09:00:00Z")).toEqual({
      from: "2024-03-25T00:00:00.000Z",
      to: "2024-03-31T23:00:00.000Z",
      label: "Last week: Mon 25 Mar 2024 – Sun 31 Mar 2024",
    });
  });

  it("takes the week of the local date, not the UTC date", () => {
    // Sun 7 Apr 22:30 UTC is Sun 23:30 BST: still the week of Mon 1 Apr.
    expect(iso({ kind: "this week" }, "2024-04-07T22:30:00Z").from).toBe("2024-03-31T23:00:00.000Z");
    // Sun 7 Apr 23:30 UTC is Mon 8 Apr 00:30 BST: the new week.
    expect(iso({ kind: "this week" }, "2024-04-07T23:30:00Z").from).toBe("2024-04-07T23:00:00.000Z");
    // Monday 00:00 local exactly belongs to the week it starts.
    expect(iso({ kind: "this week" }, "2024-04-07T23:00:00Z").from).toBe("2024-04-07T23:00:00.000Z");
    // Another zone: Tue 2 Apr 02:00 UTC is Mon 1 Apr 22:00 in New York (EDT = UTC−4) → Mon 1 Apr 00:00 EDT = 04:00 UTC.
    expect(iso({ kind: "this week" }, "2024-04-02T02:00:00Z", "America/New_York")).toMatchObject({
      from: "2024-04-01T04:00:00.000Z",
      to: "2024-04-08T04:00:00.000Z",
    });
  });

  it("runs a range from the start of its first day to the end of its last, in winter and summer", () => {
    // January is GMT: local midnight = UTC midnight; the last day is included whole.
    expect(iso({ kind: "range", first: "2024-01-08", last: "2024-01-14" }, "2024-04-02T09:00:00Z")).toEqual({
      from: "2024-01-08T00:00:00.000Z",
      to: "2024-01-15T00:00:00.000Z",
      label: "Mon 8 Jan 2024 – Sun 14 Jan 2024",
    });
    // Across the end of summer time: Fri 25 Oct 00:00 BST (= 24 Oct 23:00 UTC) to Tue 29 Oct 00:00 GMT.
    expect(iso({ kind: "range", first: "2024-10-25", last: "2024-10-28" }, "2024-11-01T09:00:00Z")).toMatchObject({
      from: "2024-10-24T23:00:00.000Z",
      to: "2024-10-29T00:00:00.000Z",
    });
    expect(iso({ kind: "range", first: "2024-04-03", last: "2024-04-03" }, "2024-04-02T09:00:00Z")).toEqual({
      from: "2024-04-02T23:00:00.000Z",
      to: "2024-04-03T23:00:00.000Z",
      label: "Wed 3 Apr 2024",
    });
  });
});
