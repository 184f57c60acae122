import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotHarness, ADMIN_AAD } from "../../helpers/botHarness.js";
import { cardAction, channelMention, personalMessage, user } from "../../helpers/activities.js";
import { cardSchemaErrors } from "../../helpers/cardSchema.js";
import { testProviders } from "../../helpers/testDb.js";
import { caseCsv, importCases, seedWards } from "../../helpers/seed.js";
import { countReferrals, events, outboxCount, referral } from "../../helpers/records.js";

const ROLLOUT_WARD = "E05000004"; // every case is referred, no randomisation: deterministic
const WARD_CHANNEL = { id: "19:balham@thread.tacv2", name: "Balham SNT" };
const COORDINATION = { id: "19:coordination@thread.tacv2", name: "HCOP" };
const admin = { id: "29:admin", name: "Alex Admin", aadObjectId: ADMIN_AAD };
const olu = user(1, "Olu Officer");
const pat = user(2, "Pat PCSO");
const sue = user(4, "Sue Supervisor");
const hana = user(3, "Hana HCOP");

const buttons = (card: any): string[] => (card.actions ?? []).map((a: any) => a.title);
const texts = (card: any) => JSON.stringify(card);

describe.each(testProviders())("referral cards in ward channels (%s)", (provider) => {
  let bot: BotHarness;

  beforeEach(async () => {
    bot = await BotHarness.start(provider);
    await seedWards(bot.deps);
    for (const [who, role] of [[olu, "officer"], [pat, "officer"], [sue, "supervisor"], [hana, "hcop"]] as const) {
      await bot.deps.roles.grant({ aadObjectId: who.aadObjectId, displayName: who.name }, role, "test");
    }
  });
  afterEach(() => bot.stop());

  async function bindWard() {
    await bot.send(channelMention(bot.serviceUrl, admin, `/ward bind ${ROLLOUT_WARD}`, { channel: WARD_CHANNEL }));
  }

  async function referCases(n: number) {
    await importCases(bot.deps, caseCsv(n, { wards: [ROLLOUT_WARD] }));
    await bot.deps.allocation.allocate({ actor: hana.aadObjectId });
    await bot.worker.drain();
  }

  async function postedReferral(crimeRef = "1000000/24") {
    const row = await bot.db.store.db.referral.findFirstOrThrow({ where: { case: { crimeRef } } });
    return { id: row.id, version: row.version, where: { channelId: row.channelId!, activityId: row.activityId! } };
  }

  async function click(who: typeof olu, verb: string, ref: Awaited<ReturnType<typeof postedReferral>>, inputs: Record<string, unknown> = {}, version = ref.version) {
    const { status, body } = await bot.send(cardAction(bot.serviceUrl, who, { verb, data: { verb, referralId: ref.id, version, ...inputs } }, ref.where));
    expect(status).toBe(200);
    return body as { statusCode: number; type: string; value: any };
  }

  it("posts each SRC referral into its ward's channel as a new thread, with no victim details", async () => {
    await bindWard();
    await referCases(3);
    const posts = bot.connector.posts();
    expect(posts).toHaveLength(3);
    expect(posts.every((p) => p.channelId === WARD_CHANNEL.id)).toBe(true);
    const card = posts[0]!.card;
    expect(cardSchemaErrors(card)).toEqual([]);
    expect(texts(card)).toContain("1000000/24");
    expect(texts(card)).toContain("Balham");
    expect(texts(card)).not.toMatch(/public order/i);
    expect(buttons(card)).toEqual(["Claim", "Guidance"]);
    const row = await bot.db.store.db.referral.findFirstOrThrow({ where: { case: { crimeRef: "1000000/24" } } });
    expect(row).toMatchObject({ status: "posted", channelId: WARD_CHANNEL.id, activityId: posts[0]!.activityId });
    expect(row.conversationId).toBe(`${WARD_CHANNEL.id};messageid=${posts[0]!.activityId}`);
    // Drained twice: nothing is posted again.
    await bot.worker.drain();
    expect(bot.connector.posts()).toHaveLength(3);
  });

  it("keeps referrals for an unbound ward waiting, alerts the coordination channel, and posts once bound", async () => {
    await referCases(2);
    expect(bot.connector.posts()).toHaveLength(0);
    expect(await outboxCount(bot.db.store, "post_referral", "held")).toBe(2);
    await bot.send(channelMention(bot.serviceUrl, hana, "/coordination bind", { channel: COORDINATION }));
    expect(bot.connector.lastText()).toContain("1 waiting message(s) follow");
    await bot.worker.drain();
    const alert = bot.connector.sent().find((r) => r.conversationId === COORDINATION.id && r.body.attachments);
    expect(texts(alert!.body.attachments[0].content)).toContain(`/ward bind ${ROLLOUT_WARD}`);
    await bindWard();
    await bot.worker.drain();
    expect(bot.connector.posts()).toHaveLength(2);
  });

  it("lets an officer claim: the clicker sees their actions and everyone's card is edited", async () => {
    await bindWard();
    await referCases(1);
    const ref = await postedReferral();
    const response = await click(olu, "claim", ref);
    expect(response).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
    expect(cardSchemaErrors(response.value)).toEqual([]);
    expect(buttons(response.value)).toEqual(["Record attempt", "Complete", "Release", "Guidance"]);
    expect(await referral(bot.db.store, ref.id)).toMatchObject({ status: "claimed", claimedBy: olu.aadObjectId, claimedByName: "Olu Officer", version: ref.version + 1 });
    await bot.worker.drain();
    const [edit] = bot.connector.updates();
    expect(edit).toMatchObject({ activityId: ref.where.activityId });
    expect(texts(edit!.card)).toContain("Claimed by Olu Officer");
    expect(buttons(edit!.card)).toEqual(["Guidance"]);
    expect(edit!.card.refresh.userIds).toContain(olu.id);
  });

  it("gives a second officer who clicks Claim on the old card the current card: claimed by the first", async () => {
    await bindWard();
    await referCases(1);
    const ref = await postedReferral();
    await click(olu, "claim", ref);
    const late = await click(pat, "claim", ref);
    expect(texts(late.value)).toContain("Claimed by Olu Officer");
    expect(buttons(late.value)).toEqual(["Guidance"]);
    const events = await bot.db.store.repos.events.forSubject("case", "1000000/24");
    expect(events.filter((e) => e.action === "referral.claim")).toHaveLength(1);
  });

  it("changes nothing when Teams re-delivers the same click", async () => {
    await bindWard();
    await referCases(1);
    const ref = await postedReferral();
    for (let i = 0; i < 3; i++) await click(olu, "claim", ref);
    const events = await bot.db.store.repos.events.forSubject("case", "1000000/24");
    expect(events.filter((e) => e.action === "referral.claim")).toHaveLength(1);
    expect((await referral(bot.db.store, ref.id)).version).toBe(ref.version + 1);
  });

  it("lets exactly one of 50 simultaneous claims win", async () => {
    await bindWard();
    await referCases(1);
    const ref = await postedReferral();
    const officers = Array.from({ length: 50 }, (_, i) => user(100 + i, `Officer ${i}`));
    for (const o of officers) await bot.deps.roles.grant({ aadObjectId: o.aadObjectId }, "officer", "test");
    const responses = await Promise.all(officers.map((o) => click(o, "claim", ref)));
    const row = await referral(bot.db.store, ref.id);
    expect(row.status).toBe("claimed");
    const winners = responses.filter((r) => buttons(r.value).includes("Complete"));
    expect(winners).toHaveLength(1);
    expect(texts(winners[0]!.value)).toContain(`Claimed by ${row.claimedByName}`);
    const events = await bot.db.store.repos.events.forSubject("case", "1000000/24");
    expect(events.filter((e) => e.action === "referral.claim")).toHaveLength(1);
  });

  it("shows the Complete form's errors inline and saves nothing, then completes and tells the investigation", async () => {
    await bindWard();
    await referCases(1);
    let ref = await postedReferral();
    await click(olu, "claim", ref);
    ref = await postedReferral();
    bot.clock.set(new Date("2024-04-02T12:00:00Z"));
    const form = await click(olu, "completeForm", ref);
    expect(cardSchemaErrors(form.value)).toEqual([]);
    const bad = await click(olu, "complete", ref, { method: "phone", contactDate: "2099-01-01", contactTime: "10:00", riskAssessment: "not_done", riskAssessmentReason: "", supportReferral: "other", supportOrganisation: "", wantsStatement: "" });
    const badText = texts(bad.value);
    expect(badText).toContain("The time cannot be in the future.");
    expect(badText).toContain("Say why no risk assessment was done.");
    expect(badText).toContain("Name the organisation you referred to.");
    expect(badText).toContain("Say whether the victim wishes to give a statement.");
    expect(await referral(bot.db.store, ref.id)).toMatchObject({ status: "claimed", version: ref.version, contact: undefined });

    const done = await click(olu, "complete", ref, { method: "in_person", contactDate: "2024-04-02", contactTime: "11:30", riskAssessment: "completed_now", supportReferral: "victim_support", wantsStatement: "yes", notes: "Visited; reassured." });
    expect(texts(done.value)).toContain("Contact made");
    expect(buttons(done.value)).toEqual(["Guidance"]);
    // Raw: the contact's risk assessment and support referral are kept for the record; no service reads them back.
    const contact = await bot.db.store.db.contact.findUniqueOrThrow({ where: { referralId: ref.id } });
    expect(contact).toMatchObject({ method: "in_person", riskAssessment: "completed_now", supportReferral: "victim_support", wantsStatement: true, recordedBy: olu.aadObjectId });
    expect(contact.contactAt.toISOString()).toBe("2024-04-02T10:30:00.000Z");
    await bot.worker.drain();
    const notice = bot.connector.sent().find((r) => r.kind === "reply" && r.conversationId === `${ref.where.channelId};messageid=${ref.where.activityId}`);
    expect(notice?.body.text).toContain("For the investigation of 1000000/24");
    expect(JSON.stringify(bot.connector.requests)).not.toContain("Visited; reassured.");
    const events = await bot.db.store.repos.events.forSubject("case", "1000000/24");
    expect(events.map((e) => e.action)).toContain("referral.statement_notice_sent");
    expect(JSON.stringify(events)).not.toContain("Visited");
  });

  it("offers Unable to contact only after three attempts on two days", async () => {
    await bindWard();
    await referCases(1);
    let ref = await postedReferral();
    await click(olu, "claim", ref);
    bot.clock.set(new Date("2024-04-02T16:30:00Z"));
    for (const [date, time] of [["2024-04-02", "11:10"], ["2024-04-02", "17:00"]]) {
      ref = await postedReferral();
      await click(olu, "attempt", ref, { method: "phone", attemptDate: date, attemptTime: time });
    }
    ref = await postedReferral();
    expect(buttons((await click(olu, "refresh", ref)).value)).not.toContain("Unable to contact");
    bot.clock.set(new Date("2024-04-03T10:00:00Z"));
    await click(olu, "attempt", ref, { method: "in_person", attemptDate: "2024-04-03", attemptTime: "10:00" });
    ref = await postedReferral();
    const view = await click(olu, "refresh", ref);
    expect(buttons(view.value)).toContain("Unable to contact");
    expect(texts(view.value)).toContain("3 unsuccessful");
    const closed = await click(olu, "unable", ref);
    expect(texts(closed.value)).toContain("Closed: unable to contact");
    expect(await referral(bot.db.store, ref.id)).toMatchObject({ status: "unable_to_contact", attempts: [expect.anything(), expect.anything(), expect.anything()] });
  });

  it("gives supervisors Reassign and Release, and other officers no buttons", async () => {
    await bindWard();
    await referCases(1);
    let ref = await postedReferral();
    await click(olu, "claim", ref);
    ref = await postedReferral();
    expect(buttons((await click(sue, "refresh", ref)).value)).toEqual(["Release", "Reassign", "Guidance"]);
    expect(buttons((await click(pat, "refresh", ref)).value)).toEqual(["Guidance"]);
    const form = await click(sue, "reassignForm", ref);
    expect(cardSchemaErrors(form.value)).toEqual([]);
    const done = await click(sue, "reassign", ref, { assignee: pat.aadObjectId });
    expect(texts(done.value)).toContain("Claimed by Pat PCSO");
    expect((await referral(bot.db.store, ref.id)).claimedBy).toBe(pat.aadObjectId);
  });

  it("stops a claimant whose officer role is revoked from working on the claim; a supervisor reassigns it", async () => {
    await bindWard();
    await referCases(1);
    let ref = await postedReferral();
    await click(olu, "claim", ref);
    ref = await postedReferral();
    await bot.send(personalMessage(bot.serviceUrl, admin, `/role revoke ${olu.aadObjectId} officer`));
    expect(bot.connector.lastText()).toBe(
      `${olu.aadObjectId} no longer has the officer role. They still hold an open claim (1000000/24) they may no longer work on: a supervisor or the HCOP must release or reassign it.`,
    );
    const before = await referral(bot.db.store, ref.id);
    const eventsBefore = (await events(bot.db.store, "referral.")).length;
    const inputs = { method: "in_person", contactDate: "2024-04-02", contactTime: "08:30", riskAssessment: "completed_now", supportReferral: "none", wantsStatement: "no" };
    const refused = await click(olu, "complete", ref, inputs);
    expect(texts(refused.value)).toContain("You no longer hold the officer or supervisor role, so you cannot work on this referral any more: a supervisor or the HCOP will release or reassign it.");
    expect(buttons(refused.value)).toEqual(["Guidance"]);
    expect(await referral(bot.db.store, ref.id)).toEqual(before);
    expect(before.contact).toBeUndefined();
    expect(await events(bot.db.store, "referral.")).toHaveLength(eventsBefore);
    for (const verb of ["completeForm", "attemptForm", "release"]) {
      expect(texts((await click(olu, verb, ref)).value)).toContain("You no longer hold the officer or supervisor role");
    }
    expect((await referral(bot.db.store, ref.id)).version).toBe(before.version);
    expect(buttons((await click(sue, "refresh", ref)).value)).toEqual(["Release", "Reassign", "Guidance"]);
    await click(sue, "reassign", ref, { assignee: pat.aadObjectId });
    expect(await referral(bot.db.store, ref.id)).toMatchObject({ status: "claimed", claimedBy: pat.aadObjectId });
  });

  it("refuses tampered or replayed payloads, logs them, and changes nothing", async () => {
    await bindWard();
    await referCases(2);
    const ref = await postedReferral();
    const other = await postedReferral("1000001/24");
    const send = async (verb: string, data: Record<string, unknown>, where = ref.where) =>
      (await bot.send(cardAction(bot.serviceUrl, olu, { verb, data }, where))).body as { statusCode: number; value: { message: string } };
    expect(await send("claim", { verb: "claim", referralId: 99999, version: 1 })).toMatchObject({ statusCode: 404 });
    expect(await send("claim", { verb: "claim", referralId: ref.id, version: "1" })).toMatchObject({ statusCode: 400 });
    expect(await send("claim", { verb: "complete", referralId: ref.id, version: ref.version })).toMatchObject({ statusCode: 400 });
    expect(await send("claim", { verb: "claim", referralId: ref.id, version: ref.version, claimedBy: olu.aadObjectId })).toMatchObject({ statusCode: 400 });
    const replayed = await send("claim", { verb: "claim", referralId: ref.id, version: ref.version }, other.where);
    expect(replayed).toMatchObject({ statusCode: 403, value: { message: "This card could not be used: the card belongs to another conversation." } });
    expect(await countReferrals(bot.db.store, "claimed")).toBe(0);
    const refusals = (await bot.db.store.repos.events.recent(50)).filter((e) => e.action === "referral.action_refused");
    expect(refusals).toHaveLength(5);
  });

  it("lists an officer's open claims with /mine, and shows the guidance", async () => {
    await bindWard();
    await referCases(2);
    await click(olu, "claim", await postedReferral());
    await bot.send(personalMessage(bot.serviceUrl, olu, "/mine"));
    const mine = bot.connector.lastCard();
    expect(cardSchemaErrors(mine)).toEqual([]);
    expect(texts(mine)).toContain("1000000/24");
    expect(texts(mine)).not.toContain("1000001/24");
    await bot.send(personalMessage(bot.serviceUrl, pat, "/guide"));
    expect(texts(bot.connector.lastCard())).toContain("risk assessment");
  });

  it("marks the binding broken and alerts when Teams says the bot is gone; the referral waits", async () => {
    await bindWard();
    await bot.send(channelMention(bot.serviceUrl, hana, "/coordination bind", { channel: COORDINATION }));
    bot.connector.failWith = (r) => (r.kind === "createConversation" && r.conversationId === WARD_CHANNEL.id ? 403 : undefined);
    await referCases(1);
    expect((await bot.db.store.repos.bindings.get(ROLLOUT_WARD))?.status).toBe("broken");
    expect(await outboxCount(bot.db.store, "post_referral", "held")).toBe(1);
    const alert = bot.connector.sent().find((r) => r.conversationId === COORDINATION.id && r.body.attachments);
    expect(texts(alert!.body.attachments[0].content)).toContain("lost access");
    bot.connector.failWith = undefined;
    await bindWard();
    await bot.worker.drain();
    expect(bot.connector.posts()).toHaveLength(1);
  });

  it("retries a failing post only through the gateway (no hidden SDK retries), then sets it aside and alerts", async () => {
    await bindWard();
    await bot.send(channelMention(bot.serviceUrl, hana, "/coordination bind", { channel: COORDINATION }));
    bot.connector.failWith = (r) => (r.kind === "createConversation" ? 500 : undefined);
    await referCases(1);
    // The gateway's 6 attempts, each one HTTP request: botbuilder's own retry policy is removed.
    expect(bot.connector.requests.filter((r) => r.kind === "failed:createConversation")).toHaveLength(6);
    const { byKind, dead } = await bot.db.store.repos.outbox.status(bot.clock.now());
    expect(byKind.post_referral).toEqual({ dead: 1 });
    expect(dead.find((d) => d.kind === "post_referral")).toMatchObject({ lastError: expect.stringContaining("gave up after 6 attempts") });
    bot.connector.failWith = undefined;
    await bot.worker.drain();
    const alert = bot.connector.sent().find((r) => r.conversationId === COORDINATION.id && r.body.attachments);
    expect(texts(alert!.body.attachments[0].content)).toContain("could not be delivered");
  });
});
