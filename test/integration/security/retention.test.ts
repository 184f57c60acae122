import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotHarness } from "../../helpers/botHarness.js";
import { runCli } from "../../helpers/cli.js";
import { testProviders } from "../../helpers/testDb.js";
import { seedWards, WARDS } from "../../helpers/seed.js";
import { RetentionService } from "../../../src/domain/retention/retentionService.js";
import { verifyAuditLog } from "../../../src/domain/audit/verifyLog.js";
import { loadTrialReport, reportSettings } from "../../../src/domain/trialStats/loadReport.js";
import { createJobs } from "../../../src/jobs.js";
import type { Caller } from "../../../src/domain/people/roles.js";
import { completionForm } from "../../helpers/contactForms.js";

const officer: Caller = { aadObjectId: "00000000-0000-4000-8000-00000000000f", teamsUserId: "29:officer", displayName: "Olu Officer", roles: new Set(["officer"]) };
const OFF_WARD = WARDS.find((w) => w.mode === "off")!.code;
const INCIDENT = "9000000/24";
/** Seven years on: everything the fixture did in April 2024 is older than RETENTION_DAYS (2555). */
const PURGE_AT = new Date("2099-06-01T03:00:00Z");
const CORRECTED_AT = new Date("2099-01-04T12:00:00Z");

/** 30 crimes over the five wards in turn, each with offence and strand, and one non-crime incident. */
function casesCsv(): string {
  const lines = ["crime_ref,reported_at,ward_code,record_type,offence,strands"];
  for (let i = 0; i < 30; i++) {
    lines.push(`${1_000_000 + i}/24,${new Date(Date.UTC(2024, 2, 1, 8) + i * 3_600_000).toISOString()},${WARDS[i % WARDS.length]!.code},crime,public order,race`);
  }
  lines.push(`${INCIDENT},2024-03-02T08:00:00Z,${WARDS[0]!.code},incident,public order,religion`);
  return lines.join("\n") + "\n";
}

describe.each(testProviders())("retention purge (%s)", (provider) => {
  let bot: BotHarness;
  /** Crime references the purge must pseudonymise, worked out from what the fixture did, not from the purge's query. */
  let due: Set<string>;
  /** A closed BAU case whose outcome was corrected recently: closed, but active within the period. */
  let recentlyCorrected: string;

  beforeEach(async () => {
    bot = await BotHarness.start(provider, { STORE_STRANDS: "true", RETENTION_DAYS: "2555" });
    const { deps } = bot;
    await seedWards(deps);
    expect(await deps.intake.importCsv([casesCsv()], { actor: "test", skipInvalid: false, source: "test" })).toMatchObject({ written: true, created: 31 });
    await deps.allocation.allocate({ actor: "hcop-1" });
    const cases = await bot.db.store.db.case.findMany({ include: { allocation: true, referral: true }, orderBy: { id: "asc" } });
    const src = cases.filter((c) => c.allocation?.arm === "SRC");
    const bau = cases.filter((c) => c.allocation?.arm === "BAU");
    expect(src.length).toBeGreaterThan(6);
    expect(bau.length).toBeGreaterThan(6);

    // Half the SRC referrals completed (with free text), the rest left posted or claimed: open.
    bot.clock.set(new Date("2024-04-03T10:00:00Z"));
    const completed: string[] = [];
    for (const [i, c] of src.entries()) {
      await bot.db.store.transaction((tx) => tx.referralCards.markPosted(c.referral!.id, { channelId: "19:c", conversationId: "19:c;messageid=1", activityId: `a${i}`, serviceUrl: bot.serviceUrl }, bot.clock.now()));
      if (i % 3 === 2) continue;
      const version = async () => (await deps.referrals.get(c.referral!.id))!.version;
      expect((await deps.referrals.claim(c.referral!.id, await version(), officer)).kind).toBe("changed");
      if (i % 3 === 1) continue;
      const done = await deps.referrals.complete(c.referral!.id, await version(), officer, completionForm({
        method: "phone",
        riskAssessment: "not_done",
        riskAssessmentReason: "the victim declined it",
        supportReferral: "other",
        supportOrganisation: "Stop Hate UK",
        wantsStatement: "no",
        notes: "spoke to the victim about the neighbour",
      }));
      expect(done.kind).toBe("changed");
      completed.push(c.crimeRef);
    }
    await deps.allocation.exclude(bau[0]!.crimeRef, "duplicate of another record", "hcop-1");

    // Outcomes for all BAU cases but the last two (open), and for one SRC case whose referral is still open.
    bot.clock.set(new Date("2024-04-10T12:00:00Z"));
    const withOutcome = bau.slice(0, -2).map((c) => c.crimeRef);
    const openSrc = src.find((c) => !completed.includes(c.crimeRef))!.crimeRef;
    const rows = [...withOutcome.map((ref, i) => `${ref},${i % 2 === 0 ? "14" : "1"},05/04/2024`), `${openSrc},16,06/04/2024`];
    expect(await deps.outcomes.importCsv([["crime_ref,outcome_code,outcome_date", ...rows].join("\n") + "\n"], { actor: "test", source: "test", skipInvalid: false })).toMatchObject({ written: true });

    recentlyCorrected = withOutcome[1]!;
    bot.clock.set(CORRECTED_AT);
    await deps.outcomes.importCsv([`crime_ref,outcome_code,outcome_date\n${recentlyCorrected},16,01/01/2099\n`], { actor: "test", source: "test", skipInvalid: false });

    const neverAllocated = cases.filter((c) => c.wardCode === OFF_WARD || c.crimeRef === INCIDENT).map((c) => c.crimeRef);
    expect(neverAllocated).toHaveLength(7);
    due = new Set([...neverAllocated, ...completed, ...withOutcome.filter((ref) => ref !== recentlyCorrected)]);
    bot.clock.set(PURGE_AT);
  });
  afterEach(() => bot.stop());

  const db = () => bot.db.store.db;
  const purge = (dryRun = false) => new RetentionService(bot.db.store, bot.clock).purge({ olderThanDays: 2555, actor: "test", dryRun });
  const snapshot = async () => ({
    cases: await db().case.findMany({ orderBy: { id: "asc" } }),
    allocations: await db().allocation.findMany({ orderBy: { id: "asc" } }),
    referrals: await db().referral.findMany({ orderBy: { id: "asc" } }),
    contacts: await db().contact.findMany({ orderBy: { referralId: "asc" } }),
    outcomes: await db().outcome.findMany({ orderBy: { caseId: "asc" } }),
    exclusions: await db().exclusion.findMany({ orderBy: { caseId: "asc" } }),
    events: await db().event.findMany({ orderBy: { id: "asc" } }),
  });
  /** What /stats reads, without the crime reference and strands the purge takes away. */
  const statsFacts = async () => {
    const repos = bot.db.store.repos;
    const trial = (await repos.reporting.trialFacts({})).map(({ crimeRef: _c, strands: _s, ...fact }) => fact);
    const referral = (await repos.reporting.referralFacts({})).map(({ crimeRef: _c, ...fact }) => fact);
    const assessed = await repos.reporting.assessedFacts({});
    const loaded = await loadTrialReport(repos, reportSettings(bot.deps.config), { period: { from: undefined, to: undefined, label: "trial" }, filter: { kind: "all" } }, PURGE_AT);
    if (!loaded.ok) throw new Error(loaded.message);
    const { byStrand, ...report } = loaded.report;
    return { trial, referral, assessed, report, byStrand };
  };

  it("pseudonymises exactly the closed, inactive cases; keeps every figure /stats reads; leaves open cases and allocations alone", async () => {
    const before = await snapshot();
    const facts = await statsFacts();
    const eventsDue = before.events.filter((e) => e.at < new Date("2024-06-01")).length;

    const report = await purge();
    expect(report).toMatchObject({ dryRun: false, olderThanDays: 2555, cases: due.size, events: eventsDue, eventsRefused: undefined });
    // 2555 days before 1 June 2099 (two leap days in between).
    expect(report.cutoff.toISOString()).toBe("2092-06-02T03:00:00.000Z");

    const after = await snapshot();
    const original = new Map(before.cases.map((c) => [c.id, c]));
    const purgedIds = new Set(after.cases.filter((c) => c.purgedAt !== null).map((c) => c.id));
    expect([...purgedIds].map((id) => original.get(id)!.crimeRef).sort()).toEqual([...due].sort());
    for (const c of after.cases) {
      const was = original.get(c.id)!;
      if (purgedIds.has(c.id)) {
        expect(c.crimeRef).toMatch(/^purged-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(c).toMatchObject({ offence: null, strands: null, purgedAt: PURGE_AT, reportedAt: was.reportedAt, wardCode: was.wardCode, eligible: was.eligible, ineligibleReason: was.ineligibleReason });
      } else {
        expect(c).toEqual(was);
      }
    }
    expect(new Set(after.cases.map((c) => c.crimeRef)).size).toBe(after.cases.length);
    expect(after.contacts.length).toBeGreaterThan(0);
    for (const contact of after.contacts) expect(contact).toMatchObject({ notes: null, supportOrganisation: null, riskAssessmentReason: null, method: "phone", riskAssessment: "not_done" });
    expect(after.allocations).toEqual(before.allocations);
    expect(after.referrals).toEqual(before.referrals);
    expect(after.outcomes).toEqual(before.outcomes);
    expect(after.exclusions).toEqual(before.exclusions);
    expect(await bot.deps.allocation.verify()).toMatchObject({ ok: true });

    // Every figure stays, but one: strands are special-category data and go, so the analysts' strand breakdown no
    // longer counts purged cases (documented in docs/SECURITY.md).
    const { byStrand: strandsBefore, ...figuresBefore } = facts;
    const { byStrand: strandsAfter, ...figuresAfter } = await statsFacts();
    expect(figuresAfter).toEqual(figuresBefore);
    expect(strandsBefore).not.toBeNull();
    expect(strandsAfter).not.toEqual(strandsBefore);

    // The events older than the period went from the start of the log; the chain verifies from where they were cut.
    const kept = before.events.filter((e) => e.at >= new Date("2024-06-01"));
    expect(kept.map((e) => e.action)).toContain("outcome.corrected");
    expect(after.events.slice(0, kept.length)).toEqual(kept);
    expect(after.events.slice(kept.length).map((e) => e.action)).toEqual(["retention.cases_purged", "retention.events_pruned"]);
    const purgedEvent = after.events.find((e) => e.action === "retention.cases_purged")!;
    expect(JSON.parse(purgedEvent.details)).toEqual({ cases: due.size, olderThanDays: 2555 });
    expect(purgedEvent).toMatchObject({ actor: "test", subjectType: "retention", subjectId: "2092-06-02" });
    const verified = await verifyAuditLog(bot.db.store.repos.audit);
    expect(verified).toMatchObject({ ok: true, start: { seq: eventsDue } });

    // Nothing is due again; the nightly job (RETENTION_DAYS) finds nothing and writes nothing.
    const job = createJobs(bot.deps).find((j) => j.name === "retention")!;
    await job.run(PURGE_AT);
    expect(await snapshot()).toEqual(after);
  });

  it("a dry run reports the same and changes nothing", async () => {
    const before = await snapshot();
    const dry = await purge(true);
    expect(await snapshot()).toEqual(before);
    expect(dry).toMatchObject({ dryRun: true, cases: due.size });
    const real = await purge();
    expect(real).toMatchObject({ cases: dry.cases, events: dry.events });
  });

  it("prunes no events from a broken log, so the evidence stays; cases are still purged", async () => {
    await db().$executeRawUnsafe(`DELETE FROM "Event" WHERE "seq" = 3`);
    const eventsBefore = await db().event.count();
    const report = await purge();
    expect(report).toMatchObject({ cases: due.size, events: 0, eventsRefused: { kind: "link", seq: 4 } });
    // Only the purge's own event was added.
    expect(await db().event.count()).toBe(eventsBefore + 1);
  });

  it("`reassure purge` takes --older-than, refuses under 30 days, and dry-runs", async () => {
    const env = { DATABASE_URL: bot.db.url };
    expect((await runCli(["purge", "--older-than", "7"], env)).code).toBe(2);
    // The command line runs on the real clock: everything the fixture did in 2024 is more than 30 days old, and the
    // correction dated 2099 is not.
    const dry = await runCli(["purge", "--older-than", "30", "--dry-run", "--json"], env);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, cases: due.size, olderThanDays: 30 });
    expect(await db().case.count({ where: { purgedAt: { not: null } } })).toBe(0);
    const real = await runCli(["purge", "--older-than", "30"], env);
    expect(real.code).toBe(0);
    expect(real.stdout).toMatch(new RegExp(`^Purged ${due.size} closed cases and \\d+ events untouched since \\d{4}-\\d{2}-\\d{2} \\(30 days\\)\\.`));
    expect(await db().case.count({ where: { purgedAt: { not: null } } })).toBe(due.size);
  }, 180_000);
});
