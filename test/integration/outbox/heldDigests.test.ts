import { afterEach, describe, expect, it } from "vitest";
import { createJobs } from "../../../src/jobs.js";
import { ADMIN_AAD, BotHarness } from "../../helpers/botHarness.js";
import { channelMention } from "../../helpers/activities.js";
import { testProviders } from "../../helpers/testDb.js";

const COORDINATION = { id: "19:coordination@thread.tacv2", name: "HCOP" };
const admin = { id: "29:admin", name: "Alex Admin", aadObjectId: ADMIN_AAD };

/**
 * Digests due while no coordination (or inspectors') channel is bound are held with that reason, not retried; a newer
 * digest replaces a held one; the HCOP's /status says what is held and how to release it; binding releases them, and a
 * digest whose period has passed by then is dropped rather than posted late.
 */
describe.each(testProviders())("digests with no channel to go to (%s)", (provider) => {
  let bot: BotHarness;
  afterEach(() => bot.stop());

  const run = (name: string, slot: string) => createJobs(bot.deps).find((job) => job.name === name)!.run(new Date(slot));
  const statusCard = async () => {
    bot.connector.clear();
    await bot.send(channelMention(bot.serviceUrl, admin, "/status", { channel: COORDINATION }));
    return JSON.stringify(bot.connector.sent().at(-1)?.body);
  };

  it("holds them with the reason, keeps only the newest, shows them on /status, and drops a stale one when the channel is bound", async () => {
    bot = await BotHarness.start(provider, { LOG_LEVEL: "info" });
    await bot.deps.roles.grant({ aadObjectId: ADMIN_AAD, displayName: admin.name }, "hcop", "test");
    bot.clock.set(new Date("2024-04-02T09:00:00Z"));

    await run("daily-digest", "2024-04-01T12:00:00Z");
    await bot.worker.drain();
    await run("daily-digest", "2024-04-02T06:30:00Z");
    await run("weekly-digest", "2024-04-01T07:00:00Z");
    await bot.worker.drain();
    // Held, not pending: nothing is due, so the worker has nothing to retry.
    const held = await bot.db.store.repos.outbox.status(bot.clock.now());
    expect(held.byKind).toEqual({ digest: { held: 2 } });
    expect(held.held).toEqual([
      { wardCode: "#coordination", kind: "digest", reason: "no coordination channel set", count: 1 },
      { wardCode: "#inspectors", kind: "digest", reason: "no inspectors channel set", count: 1 },
    ]);
    // Raw: which digest was kept shows only in the held item's message, which nothing but the worker's lease reads.
    expect((await bot.db.store.db.outboxItem.findFirstOrThrow({ where: { wardCode: "#coordination" } })).payload).toContain("2024-04-02T06:30:00.000Z");
    expect(bot.logs.filter((l) => l.msg === "held digests replaced by the newer one"), JSON.stringify(bot.logs.map((l) => l.msg))).toHaveLength(1);
    expect(bot.logs.filter((l) => l.msg === "outbox item held: no channel to send it to")).toHaveLength(3);

    const card = await statusCard();
    expect(card).toContain("1 digest is held: no coordination channel is bound — /coordination bind");
    expect(card).toContain("1 digest is held: no inspectors' channel is bound — /inspectors bind");

    // Bound two days later: the held daily digest's day has passed, so it is dropped, not posted.
    bot.clock.set(new Date("2024-04-04T09:00:00Z"));
    await bot.send(channelMention(bot.serviceUrl, admin, "/coordination bind", { channel: COORDINATION }));
    bot.connector.clear();
    await bot.worker.drain();
    expect(bot.connector.sent().filter((r) => r.conversationId === COORDINATION.id)).toHaveLength(0);
    expect(bot.logs.filter((l) => l.msg?.toString().startsWith("stale digest dropped"))).toHaveLength(1);
    // Dropped, not delivered: the outbox holds only the inspectors' digest, still waiting.
    const after = await bot.db.store.repos.outbox.status(bot.clock.now());
    expect(after.byKind).toEqual({ digest: { held: 1 } });
    expect(after.held).toEqual([{ wardCode: "#inspectors", kind: "digest", reason: "no inspectors channel set", count: 1 }]);
    expect(await statusCard()).not.toContain("no coordination channel is bound");

    // A fresh one goes straight out.
    bot.connector.clear();
    await run("daily-digest", "2024-04-04T06:30:00Z");
    await bot.worker.drain();
    expect(bot.connector.sent().filter((r) => r.conversationId === COORDINATION.id)).toHaveLength(1);
    expect(bot.logs.filter((l) => l.msg === "outbox item posted" && l.kind === "digest")).toHaveLength(1);
  });
});
