import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotHarness, ADMIN_AAD } from "../../helpers/botHarness.js";
import { cardAction, channelMention, user } from "../../helpers/activities.js";
import { testProviders } from "../../helpers/testDb.js";
import { caseCsv, importCases, seedWards } from "../../helpers/seed.js";
import { outboxCount, referral } from "../../helpers/records.js";

// A click Teams delivers twice (or an officer's double click) carries the version they saw before their own change.
const ROLLOUT_WARD = "E05000004";
const WARD_CHANNEL = { id: "19:balham@thread.tacv2", name: "Balham SNT" };
const CRIME_REF = "1000000/24";
const admin = { id: "29:admin", name: "Alex Admin", aadObjectId: ADMIN_AAD };
const olu = user(1, "Olu Officer");
const pat = user(2, "Pat PCSO");
const sue = user(4, "Sue Supervisor");

const buttons = (card: any): string[] => (card.actions ?? []).map((a: any) => a.title);
const texts = (card: any) => JSON.stringify(card);
const STALE = "This card changed while you were looking";

describe.each(testProviders())("a repeated click by the person whose click won (%s)", (provider) => {
  let bot: BotHarness;
  let ref: { id: number; where: { channelId: string; activityId: string } };

  beforeEach(async () => {
    bot = await BotHarness.start(provider);
    await seedWards(bot.deps);
    for (const [who, role] of [[olu, "officer"], [pat, "officer"], [sue, "supervisor"]] as const) {
      await bot.deps.roles.grant({ aadObjectId: who.aadObjectId, displayName: who.name }, role, "test");
    }
    await bot.send(channelMention(bot.serviceUrl, admin, `/ward bind ${ROLLOUT_WARD}`, { channel: WARD_CHANNEL }));
    await importCases(bot.deps, caseCsv(1, { wards: [ROLLOUT_WARD] }));
    await bot.deps.allocation.allocate({ actor: "test" });
    await bot.worker.drain();
    const row = await bot.db.store.db.referral.findFirstOrThrow({ where: { case: { crimeRef: CRIME_REF } } });
    ref = { id: row.id, where: { channelId: row.channelId!, activityId: row.activityId! } };
    bot.clock.set(new Date("2024-04-03T16:00:00Z"));
  });
  afterEach(() => bot.stop());

  const version = async () => (await referral(bot.db.store, ref.id)).version;
  const changes = async () => (await bot.db.store.repos.events.forSubject("case", CRIME_REF)).filter((e) => /^referral\.(claim|release|attempt|complete|unable|reassign)$/.test(e.action));
  const outboxEdits = () => outboxCount(bot.db.store, "update_card");

  async function click(who: typeof olu, verb: string, seenVersion: number, inputs: Record<string, unknown> = {}) {
    const { status, body } = await bot.send(cardAction(bot.serviceUrl, who, { verb, data: { verb, referralId: ref.id, version: seenVersion, ...inputs } }, ref.where));
    expect(status).toBe(200);
    expect(body).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
    return body.value;
  }

  /** Clicks once, then delivers the same click twice more: every answer is the first's, and only the first wrote. */
  async function clickRepeatedly(who: typeof olu, verb: string, inputs: Record<string, unknown> = {}) {
    const seen = await version();
    const before = { changes: (await changes()).length, edits: await outboxEdits() };
    const first = await click(who, verb, seen, inputs);
    const repeats = [await click(who, verb, seen, inputs), await click(who, verb, seen, inputs)];
    for (const repeat of repeats) expect(repeat).toEqual(first);
    expect(texts(first)).not.toContain(STALE);
    expect(await version()).toBe(seen + 1);
    expect((await changes()).length).toBe(before.changes + 1);
    expect(await outboxEdits()).toBe(before.edits + 1);
    return { first, seen };
  }

  it("answers the claimant's repeated Claim with their own claimed card and writes nothing again", async () => {
    const { first } = await clickRepeatedly(olu, "claim");
    expect(texts(first)).toContain("You have claimed this referral.");
    expect(buttons(first)).toEqual(["Record attempt", "Complete", "Release", "Guidance"]);
    expect((await changes()).map((e) => [e.action, e.actor])).toEqual([["referral.claim", olu.aadObjectId]]);
  });

  it("answers both of an officer's simultaneous Claim clicks as their success", async () => {
    const seen = await version();
    const answers = await Promise.all([click(olu, "claim", seen), click(olu, "claim", seen), click(olu, "claim", seen)]);
    for (const answer of answers) {
      expect(texts(answer)).toContain("You have claimed this referral.");
      expect(texts(answer)).not.toContain(STALE);
    }
    expect(await changes()).toHaveLength(1);
  });

  it("still shows another officer's late Claim that the card changed, naming the winner", async () => {
    const seen = await version();
    await click(olu, "claim", seen);
    const late = await click(pat, "claim", seen);
    expect(texts(late)).toContain(STALE);
    expect(texts(late)).toContain("Claimed by Olu Officer");
    expect(buttons(late)).toEqual(["Guidance"]);
    expect(await changes()).toHaveLength(1);
  });

  it("answers repeated attempts, completion and release as their success; another attempt from an old card stays stale", async () => {
    await clickRepeatedly(olu, "claim");
    const attempt = { method: "phone", attemptDate: "2024-04-03", attemptTime: "15:10" };
    const { first, seen } = await clickRepeatedly(olu, "attempt", attempt);
    expect(texts(first)).toContain("1 unsuccessful");
    expect((await referral(bot.db.store, ref.id)).attempts).toEqual([{ method: "phone", attemptedAt: new Date("2024-04-03T14:10:00Z") }]);
    // The same person's different form on the card they saw before is not the same click: it changed nothing.
    const other = await click(olu, "attempt", seen, { ...attempt, attemptTime: "15:40" });
    expect(texts(other)).toContain(STALE);
    expect((await referral(bot.db.store, ref.id)).attempts).toHaveLength(1);

    await clickRepeatedly(olu, "release");
    expect(await referral(bot.db.store, ref.id)).toMatchObject({ status: "posted", claimedBy: undefined });
    await clickRepeatedly(olu, "claim");
    const contact = { method: "phone", contactDate: "2024-04-03", contactTime: "15:30", riskAssessment: "already_done", supportReferral: "none", wantsStatement: "no" };
    const done = await clickRepeatedly(olu, "complete", contact);
    expect(texts(done.first)).toContain("Contact made");
    expect((await referral(bot.db.store, ref.id)).contact).toEqual({ method: "phone", contactAt: new Date("2024-04-03T14:30:00Z"), wantsStatement: false });
    expect((await changes()).map((e) => e.action)).toEqual(["referral.claim", "referral.attempt", "referral.release", "referral.claim", "referral.complete"]);
  });

  it("answers a repeated Unable to contact and a supervisor's repeated Reassign as their success", async () => {
    await clickRepeatedly(olu, "claim");
    for (const [day, time] of [["2024-04-02", "10:00"], ["2024-04-02", "15:00"], ["2024-04-03", "11:00"]] as const) {
      await click(olu, "attempt", await version(), { method: "phone", attemptDate: day, attemptTime: time });
    }
    const { first } = await clickRepeatedly(sue, "reassign", { assignee: pat.aadObjectId });
    expect(texts(first)).toContain("Claimed by Pat PCSO");
    expect(texts(first)).not.toContain("Choose an officer");
    const closed = await clickRepeatedly(pat, "unable");
    expect(texts(closed.first)).toContain("Closed: unable to contact");
    expect((await changes()).filter((e) => e.action === "referral.unable").map((e) => e.actor)).toEqual([pat.aadObjectId]);
  });
});
