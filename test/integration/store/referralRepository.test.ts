import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotHarness, ADMIN_AAD } from "../../helpers/botHarness.js";
import { channelMention, user } from "../../helpers/activities.js";
import { testProviders } from "../../helpers/testDb.js";
import { caseCsv, importCases, seedWards } from "../../helpers/seed.js";
import type { Caller } from "../../../src/domain/people/roles.js";
import { attemptForm, completionForm } from "../../helpers/contactForms.js";

const ROLLOUT_WARD = "E05000004";
const olu = user(1, "Olu Officer");
const asOfficer: Caller = { aadObjectId: olu.aadObjectId, teamsUserId: olu.id, displayName: olu.name, roles: new Set(["officer"]) };

// A referral is loaded with its relations in one SQL statement, and a change answers with the row it wrote instead of
// reading it again: both must give exactly what Prisma's own read of the tables gives, on both databases.
describe.each(testProviders())("loading referrals (%s)", (provider) => {
  let bot: BotHarness;

  beforeEach(async () => {
    bot = await BotHarness.start(provider);
    await seedWards(bot.deps);
    await bot.send(channelMention(bot.serviceUrl, { id: "29:admin", name: "Alex Admin", aadObjectId: ADMIN_AAD }, `/ward bind ${ROLLOUT_WARD}`, { channel: { id: "19:balham@thread.tacv2", name: "Balham SNT" } }));
    await importCases(bot.deps, caseCsv(3, { wards: [ROLLOUT_WARD] }));
    await bot.deps.allocation.allocate({ actor: "test" });
    await bot.worker.drain();
    bot.clock.set(new Date("2024-04-03T12:00:00Z"));
  });
  afterEach(() => bot.stop());

  /** The referral as Prisma reads it relation by relation, in the domain's shape. */
  async function readByPrisma(id: number) {
    const r = await bot.db.store.db.referral.findUniqueOrThrow({
      where: { id },
      include: { case: { include: { ward: true } }, attempts: { orderBy: [{ attemptedAt: "asc" }, { id: "asc" }] }, contact: true },
    });
    return {
      crimeRef: r.case.crimeRef,
      wardName: r.case.ward.name,
      status: r.status,
      version: r.version,
      claimedBy: r.claimedBy ?? undefined,
      claimedAt: r.claimedAt ?? undefined,
      closedAt: r.closedAt ?? undefined,
      lastChangedAt: r.lastChangedAt ?? undefined,
      postedAt: r.postedAt ?? undefined,
      attempts: r.attempts.map((a) => ({ method: a.method, attemptedAt: a.attemptedAt })),
      contact: r.contact ? { method: r.contact.method, contactAt: r.contact.contactAt, wantsStatement: r.contact.wantsStatement } : undefined,
    };
  }

  it("answers every change with the referral exactly as it is then stored, relations included", async () => {
    const [first] = await bot.db.store.db.referral.findMany({ orderBy: { id: "asc" }, take: 1 });
    const id = first!.id;
    const loaded = await bot.deps.referrals.get(id);
    expect(loaded).toMatchObject(await readByPrisma(id));
    expect(loaded!.claimedBy).toBeUndefined();
    // Where the card is: the Teams side of the referral, read apart from it.
    expect(first!.channelId).toBeTruthy();
    expect(await bot.deps.referrals.cardOf(id)).toEqual({ channelId: first!.channelId, conversationId: first!.conversationId, activityId: first!.activityId, serviceUrl: first!.serviceUrl, cardNonce: first!.cardNonce ?? undefined });

    const steps = [
      (v: number) => bot.deps.referrals.claim(id, v, asOfficer),
      (v: number) => bot.deps.referrals.recordAttempt(id, v, asOfficer, attemptForm({ method: "phone", attemptDate: "2024-04-03", attemptTime: "11:00" })),
      // Recorded later but made earlier: attempts are in the order they were made.
      (v: number) => bot.deps.referrals.recordAttempt(id, v, asOfficer, attemptForm({ method: "video", attemptDate: "2024-04-02", attemptTime: "15:00" })),
      (v: number) => bot.deps.referrals.complete(id, v, asOfficer, completionForm({ method: "in_person", contactDate: "2024-04-03", contactTime: "11:30", riskAssessment: "completed_now", supportReferral: "none", wantsStatement: "yes" })),
    ];
    let version = loaded!.version;
    for (const step of steps) {
      const outcome = await step(version);
      expect(outcome.kind).toBe("changed");
      if (outcome.kind !== "changed") return;
      const stored = await bot.deps.referrals.get(id);
      expect(outcome.referral).toEqual(stored);
      expect(stored).toMatchObject(await readByPrisma(id));
      version = outcome.referral.version;
    }
    const done = (await bot.deps.referrals.get(id))!;
    expect(done.attempts.map((a) => a.method)).toEqual(["video", "phone"]);
    expect(done.contact).toEqual({ method: "in_person", contactAt: new Date("2024-04-03T10:30:00Z"), wantsStatement: true });
    expect(done.status).toBe("completed");
  });

  it("lists a claimant's open claims, soonest due first, each with its attempts", async () => {
    const ids = (await bot.db.store.db.referral.findMany({ orderBy: { id: "asc" }, select: { id: true, version: true } })).reverse();
    for (const { id, version } of ids) expect((await bot.deps.referrals.claim(id, version, asOfficer)).kind).toBe("changed");
    const [latest] = ids;
    await bot.deps.referrals.recordAttempt(latest!.id, latest!.version + 1, asOfficer, attemptForm({ method: "phone", attemptDate: "2024-04-03", attemptTime: "09:00" }));
    await bot.deps.referrals.recordAttempt(latest!.id, latest!.version + 2, asOfficer, attemptForm({ method: "other", attemptDate: "2024-04-03", attemptTime: "10:00" }));
    const claims = await bot.deps.referrals.openClaimsOf(olu.aadObjectId);
    expect(claims.map((c) => c.contactDueAt.getTime())).toEqual([...claims.map((c) => c.contactDueAt.getTime())].sort((a, b) => a - b));
    expect(claims.map((c) => c.crimeRef).sort()).toEqual(["1000000/24", "1000001/24", "1000002/24"]);
    for (const claim of claims) expect(claim).toMatchObject(await readByPrisma(claim.id));
    expect(claims.find((c) => c.id === latest!.id)!.attempts).toHaveLength(2);
    expect(await bot.deps.referrals.openClaimsOf(user(2).aadObjectId)).toEqual([]);
  });
});
