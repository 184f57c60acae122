import seedrandom from "seedrandom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadStatusReport } from "../../../src/domain/compliance/loadStatus.js";
import { buildStatusReport, type StatusReportOptions } from "../../../src/domain/compliance/statusReport.js";
import { loadTrialReport } from "../../../src/domain/trialStats/loadReport.js";
import { createWorkingCalendar } from "../../../src/domain/workingTime/index.js";
import { buildTrialReport } from "../../../src/domain/trialStats/report.js";
import type { TrialReportSettings } from "../../../src/domain/trialStats/loadReport.js";
import { createTestDatabase, testProviders, type TestDatabase } from "../../helpers/testDb.js";

/**
 * The trial report counted in the database (the /stats path) against the same report counted in memory from the
 * store's facts of every case (the reference), and against counts known by construction: the weekly trend in London
 * weeks and the breakdown by ward.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date("2022-03-01T12:00:00Z");
const SETTINGS: TrialReportSettings = {
  outcomes: { attrition: ["14", "16"], charge: ["1"], positive: ["1", "2", "3", "4", "5", "6", "8", "9", "10", "22"] },
  followUpDays: 90,
  timeZone: "Europe/London",
  force: { annualHateCrimes: 22421, annualWithdrawals: 6839 },
};
const WARDS = [
  { code: "E05000001", name: "Abbey", borough: "Merton" },
  { code: "E05000002", name: "Cannon Hill", borough: "Merton" },
  { code: "E05000003", name: "Mitcham", borough: "Merton" },
  { code: "E05000004", name: "Barnes", borough: "Richmond" },
];
const STATUSES = ["to_post", "posted", "claimed", "completed", "unable_to_contact", "expired"] as const;

interface CaseSpec {
  ward: string;
  allocatedAt: Date | undefined;
  arm: "SRC" | "BAU";
  method: "randomised" | "rollout";
  eligible: boolean;
  ineligibleReason: string | null;
  strands: string | null;
  excluded: boolean;
  status: (typeof STATUSES)[number] | undefined;
  outcome: { code: string; afterDays: number } | undefined;
}

/** Cases at the instants where a London week is easy to get wrong, with what the week must be. */
const EDGES: { at: string; week: string; arm: "SRC" | "BAU" }[] = [
  { at: "2021-06-27T22:30:00Z", week: "2021-W25", arm: "SRC" }, // Sun 27 Jun 23:30 BST
  { at: "2021-06-27T23:30:00Z", week: "2021-W26", arm: "SRC" }, // Mon 28 Jun 00:30 BST
  { at: "2021-01-03T23:30:00Z", week: "2020-W53", arm: "BAU" }, // Sun 3 Jan 23:30 GMT: the last day of ISO week 53
  { at: "2021-01-04T00:00:00Z", week: "2021-W01", arm: "BAU" }, // Mon 4 Jan 00:00 GMT
  { at: "2020-12-31T23:30:00Z", week: "2020-W53", arm: "SRC" }, // Thu 31 Dec 23:30 GMT: a year ends inside W53
  { at: "2021-01-01T00:30:00Z", week: "2020-W53", arm: "SRC" }, // Fri 1 Jan 2021, still W53 of 2020
  { at: "2021-03-28T00:59:00Z", week: "2021-W12", arm: "BAU" }, // Sun 28 Mar 00:59 GMT, the night clocks go forward
  { at: "2021-03-28T23:00:00Z", week: "2021-W13", arm: "BAU" }, // Mon 29 Mar 00:00 BST
  { at: "2021-10-31T00:30:00Z", week: "2021-W43", arm: "SRC" }, // Sun 31 Oct 01:30 BST, before clocks go back
  { at: "2021-10-31T23:30:00Z", week: "2021-W43", arm: "SRC" }, // Sun 31 Oct 23:30 GMT
  { at: "2021-11-01T00:00:00Z", week: "2021-W44", arm: "BAU" }, // Mon 1 Nov 00:00 GMT
];

function dataset(): CaseSpec[] {
  const rng = seedrandom("reporting-counts");
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
  const cases: CaseSpec[] = [];
  const first = Date.parse("2020-12-20T00:00:00Z");
  for (let i = 0; i < 400; i++) {
    const eligible = rng() > 0.08;
    const allocated = eligible && rng() > 0.05;
    const arm = rng() < 0.5 ? "SRC" : "BAU";
    const method = rng() < 0.1 ? "rollout" : "randomised";
    const allocatedAt = allocated ? new Date(first + Math.floor(rng() * 430 * DAY)) : undefined;
    cases.push({
      // Richmond's one ward holds only the edge cases below.
      ward: pick(WARDS.slice(0, 3)).code,
      allocatedAt,
      arm: method === "rollout" ? "SRC" : arm,
      method,
      eligible,
      ineligibleReason: eligible ? null : pick(["non-crime hate incident", "excluded: victim asked not to be contacted", "excluded: recorded twice", "outside the force area"]),
      strands: rng() < 0.2 ? null : pick(["race", "religion", "race;religion", "sexual orientation", "disability;race", ""]),
      excluded: allocated && rng() < 0.05,
      status: allocated && (arm === "SRC" || method === "rollout") ? pick(STATUSES) : undefined,
      // Some outcomes after the window (censored), some with codes written loosely, some not yet known.
      outcome: allocated && rng() < 0.8 ? { code: pick(["14", "16", " 16", "1", "1a", "2", "9", "18", "21"]), afterDays: Math.floor(rng() * 120) } : undefined,
    });
  }
  for (const edge of EDGES) {
    cases.push({ ward: "E05000004", allocatedAt: new Date(edge.at), arm: edge.arm, method: "randomised", eligible: true, ineligibleReason: null, strands: null, excluded: false, status: edge.arm === "SRC" ? "completed" : undefined, outcome: undefined });
  }
  return cases;
}

async function write(db: TestDatabase, cases: readonly CaseSpec[]): Promise<void> {
  const prisma = db.store.db;
  const created = new Date("2020-12-01T00:00:00Z");
  await prisma.ward.createMany({ data: WARDS.map((w) => ({ ...w, mode: "trial" as const, createdAt: created, updatedAt: created })) });
  const rows = cases.map((c, i) => {
    const id = i + 1;
    const importedAt = new Date((c.allocatedAt?.getTime() ?? Date.parse("2021-02-01T00:00:00Z") + i * HOUR) - 2 * HOUR);
    return { c, id, importedAt };
  });
  await prisma.case.createMany({
    data: rows.map(({ c, id, importedAt }) => ({
      id, crimeRef: `${1000000 + id}/21`, reportedAt: importedAt, wardCode: c.ward, recordType: "crime" as const, eligible: c.eligible,
      ineligibleReason: c.ineligibleReason, strands: c.strands, importedAt, updatedAt: importedAt,
    })),
  });
  const allocated = rows.filter(({ c }) => c.allocatedAt !== undefined);
  await prisma.allocation.createMany({ data: allocated.map(({ c, id }) => ({ caseId: id, arm: c.arm, method: c.method, allocatedAt: c.allocatedAt!, allocatedBy: "test" })) });
  await prisma.exclusion.createMany({ data: allocated.filter(({ c }) => c.excluded).map(({ c, id }) => ({ caseId: id, reason: "moved away", recordedAt: c.allocatedAt!, recordedBy: "test" })) });
  const referred = allocated.filter(({ c }) => c.status !== undefined);
  await prisma.referral.createMany({
    data: referred.map(({ c, id }) => ({
      id, caseId: id, wardCode: c.ward, status: c.status!, createdAt: c.allocatedAt!, updatedAt: c.allocatedAt!, claimDueAt: new Date(c.allocatedAt!.getTime() + 8 * HOUR),
      // Claims on ten-day boundaries, so an officer's latest claims tie; names vary, some missing or empty.
      contactDueAt: new Date(c.allocatedAt!.getTime() + 3 * DAY), claimedAt: c.status === "to_post" || c.status === "posted" ? null : new Date((Math.floor(c.allocatedAt!.getTime() / (10 * DAY)) + 1) * 10 * DAY),
      ...(c.status === "to_post" || c.status === "posted" ? {} : { claimedBy: `officer-${id % 7}`, claimedByName: id % 5 === 0 ? null : id % 11 === 0 ? "" : `Officer ${id % 7}${id % 3 === 0 ? " (PCSO)" : ""}` }),
      closedAt: c.status === "completed" || c.status === "unable_to_contact" || c.status === "expired" ? new Date(c.allocatedAt!.getTime() + 2 * DAY) : null,
    })),
  });
  await prisma.contactAttempt.createMany({
    data: referred.filter(({ c }) => c.status === "unable_to_contact").flatMap(({ c, id }) =>
      [1, 2].map((n) => ({ referralId: id, method: "phone" as const, attemptedAt: new Date(c.allocatedAt!.getTime() + n * HOUR), recordedBy: "test", recordedAt: new Date(c.allocatedAt!.getTime() + n * HOUR) })),
    ),
  });
  await prisma.contact.createMany({
    data: referred.filter(({ c }) => c.status === "completed").map(({ c, id }) => ({
      referralId: id, method: "phone" as const, contactAt: new Date(c.allocatedAt!.getTime() + DAY), riskAssessment: "completed_now" as const, supportReferral: "none" as const,
      wantsStatement: false, recordedBy: "test", recordedAt: new Date(c.allocatedAt!.getTime() + DAY),
    })),
  });
  await prisma.outcome.createMany({
    data: allocated.filter(({ c }) => c.outcome !== undefined).map(({ c, id }) => ({
      // Exactly at the end of the window for some: it counts; a millisecond later it would not.
      caseId: id, code: c.outcome!.code, outcomeDate: new Date(c.allocatedAt!.getTime() + Math.min(c.outcome!.afterDays, 90) * DAY + (c.outcome!.afterDays > 90 ? 1 : 0)),
      recordedAt: NOW, recordedBy: "test", source: "test",
    })),
  });
}

describe.each(testProviders())("trial report counted in the database (%s)", (provider) => {
  let db: TestDatabase;
  const cases = dataset();
  beforeAll(async () => {
    db = await createTestDatabase(provider);
    await write(db, cases);
  });
  afterAll(() => db.dispose());

  const counted = async (request: { from?: Date; to?: Date; filter?: { kind: "all" } | { kind: "borough"; name: string } }) => {
    const loaded = await loadTrialReport(db.store.repos, SETTINGS, { period: { from: request.from, to: request.to, label: "test" }, filter: request.filter ?? { kind: "all" } }, NOW);
    if (!loaded.ok) throw new Error(loaded.message);
    return loaded.report;
  };
  const reference = async (request: { from?: Date; to?: Date; wardCodes?: string[] }) => {
    const repos = db.store.repos;
    const trial = await repos.reporting.trialFacts({ allocatedFrom: request.from, allocatedTo: request.to, wardCodes: request.wardCodes });
    const assessed = await repos.reporting.assessedFacts({ importedFrom: request.from, importedTo: request.to, wardCodes: request.wardCodes });
    return buildTrialReport(trial, assessed, { ...SETTINGS, now: NOW, scope: { period: "test", from: request.from, to: request.to, area: request.wardCodes ? "Borough Merton" : "All wards" } });
  };

  it("gives exactly the report counted in memory from every case's facts", async () => {
    const report = await counted({});
    expect(report.flow.randomised).toBeGreaterThan(300);
    expect(report.byStrand).not.toBeNull();
    expect(report).toEqual(await reference({}));
  });

  it("agrees for a period and an area too", async () => {
    const from = new Date("2021-03-01T00:00:00Z");
    const to = new Date("2021-09-01T00:00:00Z");
    const merton = WARDS.filter((w) => w.borough === "Merton").map((w) => w.code);
    expect(await counted({ from, to, filter: { kind: "borough", name: "Merton" } })).toEqual(await reference({ from, to, wardCodes: merton }));
  });

  it("puts each case in its London ISO week: summer and winter midnights, week 53 and the year's end", async () => {
    const barnes = await counted({ filter: { kind: "borough", name: "Richmond" } });
    const inWeek = (week: string) => barnes.trend.find((w) => w.week === week)!;
    // Richmond's only cases are the edge cases, so each week's count is known.
    const expected = new Map<string, { src: number; bau: number }>();
    for (const edge of EDGES) {
      const e = expected.get(edge.week) ?? { src: 0, bau: 0 };
      if (edge.arm === "SRC") e.src++;
      else e.bau++;
      expected.set(edge.week, e);
    }
    for (const [week, { src, bau }] of expected) expect([week, inWeek(week).randomisedSrc, inWeek(week).randomisedBau]).toEqual([week, src, bau]);
    expect(inWeek("2020-W53")).toMatchObject({ start: new Date("2020-12-28T00:00:00Z"), randomisedSrc: 2, randomisedBau: 1, delivered: 2 });
    expect(inWeek("2021-W26").start).toEqual(new Date("2021-06-27T23:00:00Z"));
    expect(barnes.trend[0]!.week).toBe("2020-W53");
    expect(barnes.trend.at(-1)!.week).toBe("2021-W44");
    // Every week from the first to the last, empty ones as zeros: W53 of 2020, then 2021-W01 … W44.
    expect(barnes.trend).toHaveLength(45);
    expect(barnes.trend.reduce((n, w) => n + w.randomisedSrc + w.randomisedBau, 0)).toBe(EDGES.length);
  });

  it("counts each ward's cells as constructed, suppressing counts below 5", async () => {
    const report = await counted({});
    const randomised = cases.filter((c) => c.allocatedAt !== undefined && c.method === "randomised");
    for (const ward of WARDS) {
      const inWard = randomised.filter((c) => c.ward === ward.code);
      const src = inWard.filter((c) => c.arm === "SRC");
      const bau = inWard.filter((c) => c.arm === "BAU");
      const analysed = (c: CaseSpec) => c.outcome !== undefined && c.outcome.afterDays <= 90;
      const attrition = (c: CaseSpec) => analysed(c) && ["14", "16"].includes(c.outcome!.code.trim());
      const shown = (n: number) => (n < 5 ? "<5" : n);
      const row = report.byWard.find((r) => r.key === ward.code)!;
      const wanted = {
        key: ward.code,
        randomisedSrc: shown(src.length),
        delivered: shown(src.filter((c) => c.status === "completed").length),
        randomisedBau: shown(bau.length),
        analysedSrc: shown(src.filter(analysed).length),
        attritionSrc: shown(src.filter(attrition).length),
        analysedBau: shown(bau.filter(analysed).length),
        attritionBau: shown(bau.filter(attrition).length),
      };
      // Complementary suppression may hide one more cell of a column ("[c]"); every other cell is the known count.
      for (const [column, value] of Object.entries(wanted)) {
        const actual = row[column as keyof typeof row];
        if (actual !== "[c]") expect([ward.code, column, actual]).toEqual([ward.code, column, value]);
      }
    }
    expect(report.byWard.map((r) => r.key)).toEqual(WARDS.map((w) => w.code));
    // Barnes has only the 11 edge cases: 6 SRC, all delivered, and 5 BAU, none with an outcome.
    expect(report.byWard.find((r) => r.key === "E05000004")).toMatchObject({ randomisedSrc: 6, randomisedBau: 5, analysedSrc: "<5", attritionSrc: "<5", analysedBau: "<5" });
  });
});

describe.each(testProviders())("referral facts read in one query (%s)", (provider) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(provider);
    await write(db, dataset());
  });
  afterAll(() => db.dispose());

  /** What the facts were when read through Prisma's relations: the reference for the single joined query. */
  async function throughRelations(where: object) {
    const rows = await db.store.db.referral.findMany({
      where,
      select: {
        id: true, wardCode: true, status: true, createdAt: true, claimDueAt: true, contactDueAt: true, claimedBy: true, claimedByName: true, claimedAt: true, closedAt: true,
        case: { select: { crimeRef: true, ward: { select: { name: true, borough: true } } } },
        contact: { select: { contactAt: true } },
        _count: { select: { attempts: true } },
      },
      orderBy: { id: "asc" },
    });
    const u = <T>(value: T | null | undefined): T | undefined => value ?? undefined;
    return rows.map((r) => ({
      referralId: r.id, crimeRef: r.case.crimeRef, wardCode: r.wardCode, wardName: r.case.ward.name, borough: r.case.ward.borough, status: r.status,
      referredAt: r.createdAt, claimDueAt: r.claimDueAt, contactDueAt: r.contactDueAt, claimedBy: u(r.claimedBy), claimedByName: u(r.claimedByName),
      claimedAt: u(r.claimedAt), closedAt: u(r.closedAt), contactAt: u(r.contact?.contactAt), attempts: r._count.attempts,
    }));
  }

  it("gives every referral exactly as the relations do", async () => {
    const facts = await db.store.repos.reporting.referralFacts({});
    expect(facts.length).toBeGreaterThan(100);
    expect(facts.some((f) => f.attempts === 2 && f.contactAt === undefined)).toBe(true);
    expect(facts).toEqual(await throughRelations({}));
  });

  it("filters by period, ward and status as the relations do", async () => {
    const from = new Date("2021-04-01T00:00:00Z");
    const to = new Date("2021-08-01T00:00:00Z");
    const filter = { from, to, wardCodes: ["E05000001", "E05000003"], statuses: ["claimed", "completed"] as ("claimed" | "completed")[] };
    const facts = await db.store.repos.reporting.referralFacts(filter);
    expect(facts.length).toBeGreaterThan(5);
    expect(facts).toEqual(await throughRelations({ createdAt: { gte: from, lt: to }, wardCode: { in: filter.wardCodes }, status: { in: filter.statuses } }));
    expect(await db.store.repos.reporting.referralFacts({ wardCodes: [] })).toEqual([]);
  });
});

describe.each(testProviders())("/status counted in the database (%s)", (provider) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(provider);
    await write(db, dataset());
  });
  afterAll(() => db.dispose());

  const calendar = createWorkingCalendar();
  const working = { millisBetween: (a: Date, b: Date) => calendar.workingMillisBetween(a, b), dayMillis: 10 * HOUR };
  const options = (wardCodes: string[], officerWards: string[], period = { from: new Date("2021-01-01T00:00:00Z"), to: new Date("2022-01-01T00:00:00Z"), label: "2021" }): StatusReportOptions => ({
    now: NOW,
    period,
    scope: { label: "test", wards: WARDS.filter((w) => wardCodes.includes(w.code)), officerWards: new Set(officerWards) },
    working,
  });
  /** The reference: every referral's facts, counted in memory. */
  const fromFacts = async (o: StatusReportOptions) =>
    buildStatusReport(await db.store.repos.reporting.referralFacts({ from: o.period.from, to: o.period.to, wardCodes: o.scope.wards.map((w) => w.code) }), o);

  it("gives exactly the report counted in memory from every referral's facts, officers and all", async () => {
    const all = WARDS.map((w) => w.code);
    const o = options(all, all);
    const report = await loadStatusReport(db.store.repos, o);
    expect(report.totals.referred).toBeGreaterThan(100);
    expect(report.overdue.length).toBeGreaterThan(5);
    expect(report.officers!.length).toBe(7);
    expect(report.totals.medianClaimWorkingHours).not.toBeNull();
    expect(report).toEqual(await fromFacts(o));
  });

  it("agrees for a supervisor's wards, officers named in some of them, and for an inspector who sees none", async () => {
    const supervisor = options(["E05000001", "E05000002"], ["E05000002"]);
    expect(await loadStatusReport(db.store.repos, supervisor)).toEqual(await fromFacts(supervisor));
    const inspector = options(["E05000001", "E05000003"], [], { from: new Date("2021-05-01T00:00:00Z"), to: new Date("2021-07-01T00:00:00Z"), label: "May–June" });
    const report = await loadStatusReport(db.store.repos, inspector);
    expect(report.officers).toBeUndefined();
    expect(report).toEqual(await fromFacts(inspector));
  });
});
