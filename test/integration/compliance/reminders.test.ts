import { afterEach, describe, expect, it } from "vitest";
import { ADMIN_AAD, BotHarness } from "../../helpers/botHarness.js";
import { cardAction, channelMention, user } from "../../helpers/activities.js";
import { testProviders } from "../../helpers/testDb.js";
import { caseCsv, importCases, seedWards } from "../../helpers/seed.js";
import { outboxCount, referralFacts } from "../../helpers/records.js";

const WARD = "E05000004"; // rollout: every case referred
const WARD_CHANNEL = { id: "19:balham@thread.tacv2", name: "Balham SNT" };
const COORDINATION = { id: "19:coordination@thread.tacv2", name: "HCOP" };
const admin = { id: "29:admin", name: "Alex Admin", aadObjectId: ADMIN_AAD };
const olu = user(1, "Olu Officer");
const sue = user(4, "Sue Supervisor");

// Referred Tue 2 Apr 2024 10:00 BST: claim due Tue 18:00 (8 working hours), contact due Fri 5 Apr 10:00 (3 working days).
const REFERRED = "2024-04-02T09:00:00Z";

describe.each(testProviders())("reminders and escalation (%s)", (provider) => {
  let bot: BotHarness;
  afterEach(() => bot.stop());

  async function setUp(env: Record<string, string> = {}, cases = 3) {
    bot = await BotHarness.start(provider, { REMINDER_CAP_PER_RUN: "2", ...env });
    await seedWards(bot.deps);
    await bot.deps.roles.grant({ aadObjectId: olu.aadObjectId, displayName: olu.name }, "officer", "test");
    await bot.deps.roles.grant({ aadObjectId: sue.aadObjectId, displayName: sue.name }, "supervisor", "test");
    await bot.send(channelMention(bot.serviceUrl, admin, `/ward bind ${WARD}`, { channel: WARD_CHANNEL }));
    await bot.send(channelMention(bot.serviceUrl, admin, "/coordination bind", { channel: COORDINATION }));
    await bot.send(channelMention(bot.serviceUrl, admin, `/ward supervise ${WARD} ${sue.aadObjectId}`, { channel: COORDINATION }));
    // Teams tells Reassure a person's Teams id when they first use it; mentions need it.
    await bot.send(channelMention(bot.serviceUrl, sue, "help", { channel: COORDINATION }));
    bot.clock.set(new Date(REFERRED));
    await importCases(bot.deps, caseCsv(cases, { wards: [WARD] }));
    await bot.deps.allocation.allocate({ actor: "hcop" });
    await bot.worker.drain();
    bot.connector.clear();
  }

  const threadReplies = () => bot.connector.sent().filter((r) => r.kind === "reply" && r.conversationId?.includes(";messageid="));
  const referral = (crimeRef: string) => bot.db.store.db.referral.findFirstOrThrow({ where: { case: { crimeRef } } });

  it("nags unclaimed referrals once per stage, capped per run, and never in quiet hours", async () => {
    await setUp();
    bot.clock.set(new Date("2024-04-02T11:00:00Z")); // Tue 12:00: nothing due
    expect((await bot.deps.reminders.run()).queued).toEqual([]);

    bot.clock.set(new Date("2024-04-02T19:30:00Z")); // Tue 20:30: claims overdue, but quiet hours
    expect(await bot.deps.reminders.run()).toMatchObject({ skipped: "quiet hours", queued: [] });

    bot.clock.set(new Date("2024-04-03T07:30:00Z")); // Wed 08:30
    const first = await bot.deps.reminders.run();
    expect(first.queued.map((q) => q.stage)).toEqual(["claim_overdue", "claim_overdue"]);
    expect(first.deferred).toBe(1);
    const second = await bot.deps.reminders.run();
    expect(second.queued).toHaveLength(1);
    expect(second.deferred).toBe(0);
    expect((await bot.deps.reminders.run()).queued).toEqual([]);
    await bot.worker.drain();
    const replies = threadReplies();
    expect(replies).toHaveLength(3);
    expect(replies[0]!.body.text).toMatch(/^Nobody has claimed 10000\d\d\/24 yet: it was due to be claimed by Tue 2 Apr 2024, 18:00/);
  });

  it("@mentions the claimant when contact is due soon, and cancels a reminder whose referral moved on", async () => {
    await setUp({}, 1);
    let r = await referral("1000000/24");
    await bot.send(cardAction(bot.serviceUrl, olu, { verb: "claim", data: { verb: "claim", referralId: r.id, version: r.version } }, { channelId: r.channelId!, activityId: r.activityId! }));
    bot.clock.set(new Date("2024-04-05T07:30:00Z")); // Fri 08:30: due at 10:00, within 4 working hours
    expect((await bot.deps.reminders.run()).queued.map((q) => q.stage)).toEqual(["contact_due_soon"]);
    await bot.worker.drain();
    const [mention] = threadReplies();
    expect(mention!.body.text).toBe("<at>Olu Officer</at> reassurance contact for 1000000/24 is due by Fri 5 Apr 2024, 10:00.");
    expect(mention!.body.entities).toEqual([{ type: "mention", text: "<at>Olu Officer</at>", mentioned: { id: olu.id, name: "Olu Officer" } }]);

    bot.clock.set(new Date("2024-04-05T09:30:00Z")); // Fri 10:30: overdue
    expect((await bot.deps.reminders.run()).queued.map((q) => q.stage)).toEqual(["contact_overdue"]);
    r = await referral("1000000/24");
    await bot.send(cardAction(bot.serviceUrl, olu, { verb: "release", data: { verb: "release", referralId: r.id, version: r.version } }, { channelId: r.channelId!, activityId: r.activityId! }));
    bot.connector.clear();
    await bot.worker.drain();
    expect(threadReplies()).toEqual([]);
    const events = await bot.db.store.repos.events.forSubject("case", "1000000/24");
    expect(events.filter((e) => e.action.startsWith("reminder."))).toMatchObject([
      { action: "reminder.sent", details: { stage: "contact_due_soon" } },
      { action: "reminder.cancelled", details: { stage: "contact_overdue" } },
    ]);
  });

  it("escalates referrals overdue past the margin in one message per ward, naming its supervisors", async () => {
    await setUp({ REMINDER_CAP_PER_RUN: "100" }, 2);
    bot.clock.set(new Date("2024-04-08T11:00:00Z")); // Mon 12:00: 8 h on Fri + 4 h on Mon past due
    const run = await bot.deps.reminders.run();
    expect(run.queued.map((q) => q.stage)).toEqual(["escalated", "escalated"]);
    expect(run.escalatedWards).toEqual([WARD]);
    await bot.worker.drain();
    const messages = bot.connector.sent().filter((r) => r.conversationId === COORDINATION.id);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.body.text).toContain("**Overdue in Balham (E05000004)**: 2 referrals more than 8 working hours past due.");
    expect(messages[0]!.body.text).toContain("- 1000000/24: not claimed, due Fri 5 Apr 2024, 10:00");
    expect(messages[0]!.body.entities).toEqual([{ type: "mention", text: "<at>Sue Supervisor</at>", mentioned: { id: sue.id, name: "Sue Supervisor" } }]);
  });

  it("only logs in dry-run mode", async () => {
    await setUp({ REMINDERS_DRY_RUN: "true" }, 1);
    bot.clock.set(new Date("2024-04-03T07:30:00Z"));
    expect((await bot.deps.reminders.run()).queued).toHaveLength(1);
    const ids = (await referralFacts(bot.db.store)).map((f) => f.referralId);
    expect(ids).toHaveLength(1);
    expect(await bot.db.store.repos.reminders.queued(ids)).toEqual(new Set());
    await bot.worker.drain();
    expect(threadReplies()).toEqual([]);
  });

  it("posts the daily digest to the coordination channel", async () => {
    await setUp({}, 2);
    // The cases were received and allocated on Tue 2 April; the digest on Wednesday morning covers that day.
    bot.clock.set(new Date("2024-04-03T07:00:00Z"));
    await bot.deps.store.transaction((tx) => tx.outbox.enqueue({ message: { kind: "digest", digest: "daily", slot: "2024-04-03T06:30:00.000Z" }, wardCode: "#coordination" }, bot.clock.now()));
    await bot.worker.drain();
    const digest = bot.connector.sent().find((r) => r.conversationId === COORDINATION.id && r.body.attachments);
    const text = JSON.stringify(digest!.body.attachments[0].content);
    expect(text).toContain("Reassure daily digest — Tuesday 2 April 2024");
    expect(text).toContain('"title":"Flagged cases received","value":"2 (2 eligible)"');
    expect(text).toContain('"value":"SRC 0, BAU 0 (trial); SRC 2 (rollout)"');
  });

  it("posts the weekly statistics digest to the inspectors' channel once it is named", async () => {
    await setUp({}, 2);
    bot.clock.set(new Date("2024-04-08T07:00:00Z"));
    await bot.deps.store.transaction((tx) => tx.outbox.enqueue({ message: { kind: "digest", digest: "weekly", slot: "2024-04-08T07:00:00.000Z" }, wardCode: "#inspectors" }, bot.clock.now()));
    await bot.worker.drain();
    expect(await outboxCount(bot.db.store, "digest", "held")).toBe(1);
    const INSPECTORS = { id: "19:inspectors@thread.tacv2", name: "Inspectors" };
    await bot.send(channelMention(bot.serviceUrl, admin, "/inspectors bind", { channel: INSPECTORS }));
    expect(bot.connector.lastText()).toBe("The weekly statistics digest will be posted in this channel. 1 waiting message(s) follow.");
    await bot.worker.drain();
    const digest = bot.connector.sent().find((r) => r.conversationId === INSPECTORS.id && r.body.attachments);
    expect(JSON.stringify(digest!.body.attachments[0].content)).toContain("Trial statistics");
  });
});
