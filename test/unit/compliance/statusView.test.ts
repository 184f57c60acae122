import { describe, expect, it } from "vitest";
import type { ReferralFact } from "../../../src/domain/compliance/facts.js";
import { buildStatusReport, type WardRef } from "../../../src/domain/compliance/statusReport.js";
import { formatLondon } from "../../../src/domain/workingTime/index.js";
import { renderCard } from "../../../src/teams/cards/render.js";
import { statusView } from "../../../src/teams/views/status.js";
import { cardSchemaErrors } from "../../helpers/cardSchema.js";

// Working time here is plain elapsed time with 10-hour days: the view's wording is under test, not the calendar.
const working = { millisBetween: (a: Date, b: Date) => b.getTime() - a.getTime(), dayMillis: 10 * 3_600_000 };
const NOW = new Date("2024-01-17T12:00:00Z");
const PERIOD = { from: new Date("2024-01-08T00:00:00Z"), to: new Date("2024-01-15T00:00:00Z"), label: "Mon 8 Jan 2024 – Sun 14 Jan 2024" };
const format = (at: Date) => formatLondon(at);
const HOUR = 3_600_000;

const ward = (i: number): WardRef => ({ code: `E0500${String(i).padStart(4, "0")}`, name: `Ward ${String(i).padStart(2, "0")}`, borough: i % 2 === 0 ? "Merton" : "Sutton" });

function referral(id: number, w: WardRef, overrides: Partial<ReferralFact>): ReferralFact {
  return {
    referralId: id, crimeRef: `${1_000_000 + id}/24`, wardCode: w.code, wardName: w.name, borough: w.borough, status: "posted",
    referredAt: new Date("2024-01-08T09:00:00Z"), claimDueAt: new Date("2024-01-08T17:00:00Z"), contactDueAt: new Date("2024-01-11T09:00:00Z"),
    claimedBy: undefined, claimedByName: undefined, claimedAt: undefined, closedAt: undefined, contactAt: undefined, attempts: 0,
    ...overrides,
  };
}

const texts = (card: unknown) => JSON.stringify(card);

describe("statusView and cards/status.json", () => {
  it("words one ward's figures: counts, percentage, medians with their units, the rule and the overdue reference", () => {
    const w = ward(1);
    const facts = [
      // Claimed after 2 h, contact made 13 h (1.3 days) after referral.
      referral(1, w, { status: "completed", claimedBy: "o1", claimedByName: "Olu Officer", claimedAt: new Date("2024-01-08T11:00:00Z"), contactAt: new Date("2024-01-08T22:00:00Z") }),
      // Claimed after 4 h, still open and past due.
      referral(2, w, { status: "claimed", claimedBy: "o1", claimedByName: "Olu Officer", claimedAt: new Date("2024-01-08T13:00:00Z") }),
      referral(3, w, { status: "posted", contactDueAt: new Date("2024-01-18T09:00:00Z") }),
    ];
    const report = buildStatusReport(facts, { now: NOW, period: PERIOD, scope: { label: "Your wards: Ward 01", wards: [w], officerWards: new Set([w.code]) }, working });
    const view = statusView(report, format);
    // 1 delivered of 3 referred = 33%; median claim of [2, 4] = 3.0 working hours; contact 1.3 working days.
    expect(view.summary).toBe("3 cases referred, 1 contact made (33%), 2 still open, 1 overdue.");
    expect(view.boroughs).toEqual([
      {
        name: "Sutton",
        wards: [{
          title: "Ward 01",
          value: "referred 3 · contacted 1 (33%) · open 2 (1 unclaimed) · overdue 1 · claimed 2 · unable to contact 0 · median to claim 3.0 working hours · median to contact 1.3 working days",
        }],
      },
    ]);
    expect(view.officers).toEqual([{ title: "Olu Officer", value: "claimed 2 · contacted 1 · unable to contact 0 · open 1 · overdue 1 — Ward 01" }]);
    // Due Thu 11 Jan 09:00; overdue until Wed 17 Jan 12:00 = 147 h of plain time = 14.7 ten-hour days.
    expect(view.overdue).toEqual([{ crimeRef: "1000002/24", detail: "Ward 01 · due Thu 11 Jan 2024, 09:00 · 14.7 working days overdue · claimed by Olu Officer" }]);
    expect(view.asAt).toBe("Figures as at Wed 17 Jan 2024, 12:00.");
    const card = renderCard("status", view);
    expect(cardSchemaErrors(card)).toEqual([]);
    expect(texts(card)).toContain("Compliance = contacts made ÷ cases referred in the period");
    expect(texts(card)).toContain("By officer");
    expect(texts(card)).not.toContain("${");
  });

  it("shows no officer section, claimant or percentage where there is none", () => {
    const w = ward(2);
    const report = buildStatusReport([referral(1, w, {})], { now: NOW, period: PERIOD, scope: { label: "All wards", wards: [w, ward(3)], officerWards: new Set() }, working });
    const view = statusView(report, format);
    expect(view.showOfficers).toBe(false);
    expect(view.overdue[0]?.detail).toBe("Ward 02 · due Thu 11 Jan 2024, 09:00 · 14.7 working days overdue");
    expect(view.quiet).toBe("1 other ward had no referrals in this period.");
    const card = renderCard("status", view);
    expect(cardSchemaErrors(card)).toEqual([]);
    expect(texts(card)).not.toContain("By officer");

    const empty = statusView(buildStatusReport([], { now: NOW, period: PERIOD, scope: { label: "All wards", wards: [w], officerWards: new Set([w.code]) }, working }), format);
    expect(empty).toMatchObject({ summary: "No referrals in this period.", overdueTitle: "Nothing overdue.", boroughs: [], showOfficers: false });
    expect(empty.totals).toEqual({ title: "Total", value: "referred 0 · contacted 0 (—) · open 0 · overdue 0 · claimed 0 · unable to contact 0 · median to claim — · median to contact —" });
    expect(cardSchemaErrors(renderCard("status", empty))).toEqual([]);
  });

  it("caps long lists with 'and N more' and stays a valid card", () => {
    // 50 wards with long names, one overdue referral each, claimed by 50 different officers with long names.
    const wards = Array.from({ length: 50 }, (_, i) => ({ ...ward(i + 1), name: `Ward ${i + 1} Northfield and St Helier` }));
    const facts = wards.map((w, i) =>
      referral(i + 1, w, { status: "claimed", claimedBy: `o${i}`, claimedByName: `PC Alexandra Fitzgerald-Smith ${i}`, claimedAt: new Date(Date.parse("2024-01-08T09:00:00Z") + HOUR) }),
    );
    const report = buildStatusReport(facts, { now: NOW, period: PERIOD, scope: { label: "All wards", wards, officerWards: new Set(wards.map((w) => w.code)) }, working });
    const view = statusView(report, format);
    expect(view.boroughs.flatMap((b) => b.wards)).toHaveLength(30);
    expect(view.wardsMore).toBe("… and 20 more wards: narrow with ward <code> or borough <name>.");
    expect(view.officers).toHaveLength(30);
    expect(view.officersMore).toBe("… and 20 more officers.");
    expect(view.overdue).toHaveLength(25);
    expect(view.overdueMore).toBe("… and 25 more overdue referrals.");
    expect(view.overdueTitle).toBe("Overdue (50), most overdue first");
    expect(view.totals.value).toMatch(/^referred 50 · contacted 0 \(0%\) · open 50 · overdue 50 · claimed 50 · /);
    const card = renderCard("status", view);
    expect(cardSchemaErrors(card)).toEqual([]);
    expect(texts(card)).toContain("… and 25 more overdue referrals.");
    // Teams refuses messages over about 28 KB, the activity around the card included.
    expect(Buffer.byteLength(texts(card))).toBeLessThan(26_000);
  });
});
