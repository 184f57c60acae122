import { describe, expect, it } from "vitest";
import type { ReferralFact } from "../../../src/domain/compliance/facts.js";
import { buildStatusReport, COMPLIANCE_RULE, type StatusScope, type WardRef } from "../../../src/domain/compliance/statusReport.js";
import type { ReferralStatus } from "../../../src/domain/referrals/referral.js";
import { createWorkingCalendar } from "../../../src/domain/workingTime/index.js";

// The fixture: referrals made in the week Mon 8 – Sun 14 January 2024, looked at on Wed 17 Jan 2024 at 12:00.
// January is GMT, so the times below are London times too. Working hours are the default 08:00–18:00, Monday to
// Friday: one working day = 10 working hours. 8–17 January 2024 holds no bank holiday. Every figure in the expected
// values was worked out by hand, in the comments, from these timestamps.
const calendar = createWorkingCalendar();
const working = { millisBetween: (a: Date, b: Date) => calendar.workingMillisBetween(a, b), dayMillis: 10 * 3_600_000 };
const NOW = new Date("2024-01-17T12:00:00Z"); // Wed
const PERIOD = { from: new Date("2024-01-08T00:00:00Z"), to: new Date("2024-01-15T00:00:00Z"), label: "Mon 8 Jan 2024 – Sun 14 Jan 2024" };

const ABBEY: WardRef = { code: "E05000001", name: "Abbey", borough: "Merton" };
const COLLIERS: WardRef = { code: "E05000002", name: "Colliers Wood", borough: "Merton" };
const TOOTING: WardRef = { code: "E05000003", name: "Tooting", borough: "Wandsworth" };
const KEW: WardRef = { code: "E05000005", name: "Kew", borough: "Richmond" };
const ELSEWHERE: WardRef = { code: "E05000099", name: "Elsewhere", borough: "Sutton" };
const OLU = { id: "aad-olu", name: "Olu Officer" };
const PAT = { id: "aad-pat", name: "Pat PCSO" };
const RAE = { id: "aad-rae", name: "Rae Officer" };

const t = (isoLocal: string) => new Date(`${isoLocal}:00Z`);
let nextId = 1;
function fact(
  crimeRef: string,
  ward: WardRef,
  status: ReferralStatus,
  times: { referred: string; contactDue: string; claimed?: string; by?: { id: string; name: string }; closed?: string; contact?: string },
): ReferralFact {
  return {
    referralId: nextId++,
    crimeRef,
    wardCode: ward.code,
    wardName: ward.name,
    borough: ward.borough,
    status,
    referredAt: t(times.referred),
    claimDueAt: t(times.referred), // not used by the report
    contactDueAt: t(times.contactDue),
    claimedBy: times.by?.id,
    claimedByName: times.by?.name,
    claimedAt: times.claimed ? t(times.claimed) : undefined,
    closedAt: times.closed ? t(times.closed) : undefined,
    contactAt: times.contact ? t(times.contact) : undefined,
    attempts: 0,
  };
}

const FACTS: ReferralFact[] = [
  // ── Abbey ──
  // referred Mon 09:00, claimed Mon 10:30 → claim 1.5 h. Contact Tue 12:00 → Mon 09–18 (9 h) + Tue 08–12 (4 h) = 13 h = 1.3 days.
  fact("A-1/24", ABBEY, "completed", { referred: "2024-01-08T09:00", contactDue: "2024-01-11T09:00", claimed: "2024-01-08T10:30", by: OLU, closed: "2024-01-09T12:30", contact: "2024-01-09T12:00" }),
  // referred Fri 17:00, claimed Mon 09:00 → Fri 17–18 (1 h) + Mon 08–09 (1 h) = 2 h (the weekend does not count).
  //      Contact Mon 14:00 → 1 h + Mon 08–14 (6 h) = 7 h = 0.7 days.
  fact("A-2/24", ABBEY, "completed", { referred: "2024-01-12T17:00", contactDue: "2024-01-17T17:00", claimed: "2024-01-15T09:00", by: OLU, closed: "2024-01-15T14:10", contact: "2024-01-15T14:00" }),
  // referred Sat 10:00, claimed Mon 12:00 → Mon 08–12 = 4 h. Still claimed; due Thu 18 08:00, not yet overdue.
  fact("A-3/24", ABBEY, "claimed", { referred: "2024-01-13T10:00", contactDue: "2024-01-18T08:00", claimed: "2024-01-15T12:00", by: PAT }),
  // referred Tue 08:00, claimed Tue 16:00 → 8 h. Closed unable to contact.
  fact("A-4/24", ABBEY, "unable_to_contact", { referred: "2024-01-09T08:00", contactDue: "2024-01-12T08:00", claimed: "2024-01-09T16:00", by: PAT, closed: "2024-01-15T10:00" }),
  // referred Wed 13:00, never claimed, due Mon 15 13:00 → overdue at Wed 17 12:00 by
  //      Mon 13–18 (5 h) + Tue (10 h) + Wed 08–12 (4 h) = 19 h = 1.9 working days.
  fact("A-5/24", ABBEY, "posted", { referred: "2024-01-10T13:00", contactDue: "2024-01-15T13:00" }),
  // ── Colliers Wood ──
  // C-1: referred Thu 15:00, claimed Thu 15:30 → 0.5 h. Contact Fri 10:00 → Thu 15–18 (3 h) + Fri 08–10 (2 h) = 5 h = 0.5 days.
  fact("C-1/24", COLLIERS, "completed", { referred: "2024-01-11T15:00", contactDue: "2024-01-16T15:00", claimed: "2024-01-11T15:30", by: RAE, closed: "2024-01-12T10:05", contact: "2024-01-12T10:00" }),
  // C-2: referred Mon 10:00, claimed Mon 11:00 → 1 h. Still claimed, due Thu 11 10:00 → overdue by
  //      Thu 10–18 (8 h) + Fri (10 h) + Mon (10 h) + Tue (10 h) + Wed 08–12 (4 h) = 42 h = 4.2 working days.
  fact("C-2/24", COLLIERS, "claimed", { referred: "2024-01-08T10:00", contactDue: "2024-01-11T10:00", claimed: "2024-01-08T11:00", by: OLU }),
  // C-3: referred Sun 20:00, unclaimed, due Thu 18 08:00: open, not overdue.
  fact("C-3/24", COLLIERS, "posted", { referred: "2024-01-14T20:00", contactDue: "2024-01-18T08:00" }),
  // C-4: referred Fri 17:30, claimed Mon 08:30 → Fri 17:30–18 (0.5 h) + Mon 08–08:30 (0.5 h) = 1 h. The case ended: expired.
  fact("C-4/24", COLLIERS, "expired", { referred: "2024-01-12T17:30", contactDue: "2024-01-17T17:30", claimed: "2024-01-15T08:30", by: RAE, closed: "2024-01-16T09:00" }),
  // ── Tooting ──
  // T-1: referred Tue 12:00, claimed Tue 13:00 → 1 h. Contact Thu 17:00 → Tue 12–18 (6 h) + Wed (10 h) + Thu 08–17 (9 h) = 25 h = 2.5 days.
  fact("T-1/24", TOOTING, "completed", { referred: "2024-01-09T12:00", contactDue: "2024-01-12T12:00", claimed: "2024-01-09T13:00", by: PAT, closed: "2024-01-11T17:30", contact: "2024-01-11T17:00" }),
  // T-2: referred Wed 09:00, never posted (ward unbound), due Mon 15 09:00 → overdue by
  //      Mon 09–18 (9 h) + Tue (10 h) + Wed 08–12 (4 h) = 23 h = 2.3 working days.
  fact("T-2/24", TOOTING, "to_post", { referred: "2024-01-10T09:00", contactDue: "2024-01-15T09:00" }),
  // T-3: referred Thu 18:30 (after closing), claimed Fri 08:15 → 0.25 h. Contact Mon 09:00 → Fri (10 h) + Mon 08–09 (1 h) = 11 h = 1.1 days.
  fact("T-3/24", TOOTING, "completed", { referred: "2024-01-11T18:30", contactDue: "2024-01-16T18:30", claimed: "2024-01-12T08:15", by: PAT, closed: "2024-01-15T09:30", contact: "2024-01-15T09:00" }),
  // Outside every scope below: must never be counted or shown.
  fact("X-1/24", ELSEWHERE, "claimed", { referred: "2024-01-08T09:00", contactDue: "2024-01-11T09:00", claimed: "2024-01-08T09:30", by: RAE }),
];

const ALL_WARDS = [KEW, TOOTING, COLLIERS, ABBEY]; // deliberately unsorted
const scope = (wards: WardRef[], officerWards: WardRef[], label = "test scope"): StatusScope => ({ label, wards, officerWards: new Set(officerWards.map((w) => w.code)) });
const build = (s: StatusScope, facts = FACTS) => buildStatusReport(facts, { now: NOW, period: PERIOD, scope: s, working });

// Abbey: referred 5 (A-1..A-5); claimed 4 (A-1..A-4 have a claim time); delivered 2; unable 1;
// expired 0; open 2 (A-3 claimed, A-5 posted); unclaimed 1; overdue 1.
// Median claim hours of [1.5, 2, 4, 8] = (2 + 4) / 2 = 3. Median contact days of [1.3, 0.7] = (0.7 + 1.3) / 2 = 1.0.
// Compliance 2 / 5 = 0.4.
const ABBEY_FIGURES = {
  ...ABBEY, referred: 5, claimed: 4, delivered: 2, unableToContact: 1, expired: 0, open: 2, unclaimed: 1, overdue: 1,
  medianClaimWorkingHours: 3, medianContactWorkingDays: 1, compliance: 0.4,
};
// Colliers Wood: referred 4; claimed 3 (C-1, C-2, C-4); delivered 1 (C-1); unable 0; expired 1 (C-4);
// open 2 (C-2 claimed, C-3 posted); unclaimed 1 (C-3); overdue 1 (C-2).
// Median claim hours of [0.5, 1, 1] = 1. Median contact days of [0.5] = 0.5. Compliance 1 / 4 = 0.25.
const COLLIERS_FIGURES = {
  ...COLLIERS, referred: 4, claimed: 3, delivered: 1, unableToContact: 0, expired: 1, open: 2, unclaimed: 1, overdue: 1,
  medianClaimWorkingHours: 1, medianContactWorkingDays: 0.5, compliance: 0.25,
};
// Tooting: referred 3; claimed 2 (T-1, T-3); delivered 2; unable 0; expired 0; open 1 (T-2); unclaimed 1; overdue 1 (T-2).
// Median claim hours of [1, 0.25] = 0.625 → 0.6 to one decimal. Median contact days of [2.5, 1.1] = 1.8.
// Compliance 2 / 3.
const TOOTING_FIGURES = {
  ...TOOTING, referred: 3, claimed: 2, delivered: 2, unableToContact: 0, expired: 0, open: 1, unclaimed: 1, overdue: 1,
  medianClaimWorkingHours: 0.6, medianContactWorkingDays: 1.8, compliance: 2 / 3,
};
// All three: referred 5 + 4 + 3 = 12; claimed 4 + 3 + 2 = 9; delivered 2 + 1 + 2 = 5; unable 1; expired 1;
// open 2 + 2 + 1 = 5 (check: 5 + 1 + 1 + 5 = 12); unclaimed 3; overdue 3.
// Median claim hours of the nine: sorted 0.25, 0.5, 1, 1, 1, 1.5, 2, 4, 8 → the fifth, 1.
// Median contact days of the five: sorted 0.5, 0.7, 1.1, 1.3, 2.5 → the third, 1.1. Compliance 5 / 12.
const TOTALS = {
  referred: 12, claimed: 9, delivered: 5, unableToContact: 1, expired: 1, open: 5, unclaimed: 3, overdue: 3,
  medianClaimWorkingHours: 1, medianContactWorkingDays: 1.1, compliance: 5 / 12,
};
// Most overdue first, by due time: C-2 (Thu 11 10:00), T-2 (Mon 15 09:00), A-5 (Mon 15 13:00).
const OVERDUE = [
  { crimeRef: "C-2/24", wardCode: COLLIERS.code, wardName: "Colliers Wood", contactDueAt: t("2024-01-11T10:00"), overdueWorkingDays: 4.2 },
  { crimeRef: "T-2/24", wardCode: TOOTING.code, wardName: "Tooting", contactDueAt: t("2024-01-15T09:00"), overdueWorkingDays: 2.3 },
  { crimeRef: "A-5/24", wardCode: ABBEY.code, wardName: "Abbey", contactDueAt: t("2024-01-15T13:00"), overdueWorkingDays: 1.9 },
];

describe("buildStatusReport", () => {
  it("gives the HCOP every ward (by borough, then ward), the totals, every officer and the overdue list", () => {
    const report = build(scope(ALL_WARDS, ALL_WARDS, "All wards"));
    expect(report.wards).toEqual([ABBEY_FIGURES, COLLIERS_FIGURES, TOOTING_FIGURES]);
    expect(report.quietWards).toBe(1); // Kew had no referral
    expect(report.totals).toEqual(TOTALS);
    // Olu: A-1, A-2 (completed), C-2 (claimed, overdue) → claimed 3, delivered 2, open 1, overdue 1.
    // Pat: A-3 (claimed), A-4 (unable), T-1, T-3 (completed) → claimed 4, delivered 2, unable 1, open 1, overdue 0.
    // Rae: C-1 (completed), C-4 (expired) → claimed 2, delivered 1, open 0. Order: most overdue, then most open.
    expect(report.officers).toEqual([
      { officerId: OLU.id, name: OLU.name, wardNames: ["Abbey", "Colliers Wood"], claimed: 3, delivered: 2, unableToContact: 0, open: 1, overdue: 1 },
      { officerId: PAT.id, name: PAT.name, wardNames: ["Abbey", "Tooting"], claimed: 4, delivered: 2, unableToContact: 1, open: 1, overdue: 0 },
      { officerId: RAE.id, name: RAE.name, wardNames: ["Colliers Wood"], claimed: 2, delivered: 1, unableToContact: 0, open: 0, overdue: 0 },
    ]);
    expect(report.overdue).toEqual([
      { ...OVERDUE[0], claimant: { kind: "officer", name: OLU.name } },
      { ...OVERDUE[1], claimant: { kind: "unclaimed" } },
      { ...OVERDUE[2], claimant: { kind: "unclaimed" } },
    ]);
    expect(report).toMatchObject({ period: PERIOD, scopeLabel: "All wards", at: NOW, rule: COMPLIANCE_RULE });
    expect(COMPLIANCE_RULE).toBe(
      "Compliance = contacts made ÷ cases referred in the period (referred cases still open count as not yet delivered; unable to contact counts as not delivered).",
    );
  });

  it("gives a supervisor of Abbey only Abbey: its figures, its officers' Abbey work, its overdue referral", () => {
    const report = build(scope([ABBEY], [ABBEY]));
    expect(report.wards).toEqual([ABBEY_FIGURES]);
    expect(report.quietWards).toBe(0);
    const { code: _c, name: _n, borough: _b, ...abbeyTotals } = ABBEY_FIGURES;
    expect(report.totals).toEqual(abbeyTotals);
    // Olu in Abbey: completed → claimed 2, delivered 2, open 0. Pat in Abbey: A-3 claimed, A-4 unable →
    // claimed 2, unable 1, open 1. Neither is overdue; Pat has more open, so comes first. C-2 (Olu's overdue claim in
    // Colliers Wood) is not this supervisor's to see.
    expect(report.officers).toEqual([
      { officerId: PAT.id, name: PAT.name, wardNames: ["Abbey"], claimed: 2, delivered: 0, unableToContact: 1, open: 1, overdue: 0 },
      { officerId: OLU.id, name: OLU.name, wardNames: ["Abbey"], claimed: 2, delivered: 2, unableToContact: 0, open: 0, overdue: 0 },
    ]);
    expect(report.overdue).toEqual([{ ...OVERDUE[2], claimant: { kind: "unclaimed" } }]);
    expect(JSON.stringify(report)).not.toMatch(/C-\d|T-\d|X-1|Colliers|Tooting|Rae/);
  });

  it("gives an inspector ward figures only: no officers and no claimants' names", () => {
    const report = build(scope(ALL_WARDS, []));
    expect(report.wards).toEqual([ABBEY_FIGURES, COLLIERS_FIGURES, TOOTING_FIGURES]);
    expect(report.totals).toEqual(TOTALS);
    expect(report.officers).toBeUndefined();
    expect(report.overdue).toEqual(OVERDUE.map((o) => ({ ...o, claimant: { kind: "hidden" } })));
    expect(JSON.stringify(report)).not.toMatch(/Olu|Pat|Rae|aad-/);
  });

  it("names officers only in the wards whose officers the reader may see", () => {
    const report = build(scope(ALL_WARDS, [COLLIERS]));
    // Colliers Wood only: Olu C-2 (claimed, overdue); Rae C-1 (completed), C-4 (expired).
    expect(report.officers).toEqual([
      { officerId: OLU.id, name: OLU.name, wardNames: ["Colliers Wood"], claimed: 1, delivered: 0, unableToContact: 0, open: 1, overdue: 1 },
      { officerId: RAE.id, name: RAE.name, wardNames: ["Colliers Wood"], claimed: 2, delivered: 1, unableToContact: 0, open: 0, overdue: 0 },
    ]);
    expect(report.overdue.map((o) => o.claimant)).toEqual([{ kind: "officer", name: OLU.name }, { kind: "hidden" }, { kind: "hidden" }]);
  });

  it("says 'no figure' rather than 0% or 0 hours when nothing was referred, claimed or delivered", () => {
    const empty = build(scope(ALL_WARDS, ALL_WARDS), []);
    expect(empty.wards).toEqual([]);
    expect(empty.quietWards).toBe(4);
    expect(empty.totals).toEqual({
      referred: 0, claimed: 0, delivered: 0, unableToContact: 0, expired: 0, open: 0, unclaimed: 0, overdue: 0,
      medianClaimWorkingHours: null, medianContactWorkingDays: null, compliance: null,
    });
    expect(empty.officers).toEqual([]);
    expect(empty.overdue).toEqual([]);
    // Referred but untouched: compliance 0 of 1 = 0, medians still unknown.
    const untouched = build(scope([KEW], [KEW]), [fact("K-1/24", KEW, "posted", { referred: "2024-01-16T09:00", contactDue: "2024-01-19T09:00" })]);
    expect(untouched.totals).toMatchObject({ referred: 1, open: 1, unclaimed: 1, overdue: 0, compliance: 0, medianClaimWorkingHours: null, medianContactWorkingDays: null });
  });

  it("counts a referral as overdue only once its due time has passed", () => {
    const due = fact("D-1/24", KEW, "posted", { referred: "2024-01-12T12:00", contactDue: "2024-01-17T12:00" });
    const atDue = buildStatusReport([due], { now: NOW, period: PERIOD, scope: scope([KEW], []), working });
    expect(atDue.totals.overdue).toBe(0);
    const later = buildStatusReport([due], { now: new Date("2024-01-17T12:01:00Z"), period: PERIOD, scope: scope([KEW], []), working });
    expect(later.totals.overdue).toBe(1);
    expect(later.overdue[0]?.overdueWorkingDays).toBe(0); // one working minute = 0.0017 days → 0.0
  });
});
