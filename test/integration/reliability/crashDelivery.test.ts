import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotProcess } from "../../helpers/botProcess.js";
import { FakeConnector } from "../../helpers/fakeConnector.js";
import { caseCsv, importCases } from "../../helpers/seed.js";
import { createTestDatabase, testProviders, type TestDatabase } from "../../helpers/testDb.js";
import { ROLLOUT_WARDS, measured, referralIdOf, seedBoundWards, servicesFor, waitFor, MULTI_PROCESS_TIMEOUT_MS } from "./support.js";

const REFERRALS = 200;

/**
 * kill -9 in the middle of posting referral cards, then start again. The outbox records a post delivered in the
 * transaction that stores the card's activity id, so nothing delivered is sent again; a post in flight at the kill has
 * an unknown outcome (Teams may have posted it) and is retried once its lease runs out: at least once, never lost.
 */
describe.each(testProviders())("a bot killed while posting referral cards (%s)", (provider) => {
  let db: TestDatabase;
  const connector = new FakeConnector();
  const bots: BotProcess[] = [];

  beforeEach(async () => {
    await connector.start();
    // Slow enough that posting takes seconds and a kill lands while calls are in flight.
    connector.delayMs = 30;
    db = await createTestDatabase(provider);
  });

  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.kill("SIGKILL");
    await db.dispose();
    await connector.stop();
  });

  it("posts every referral at least once after a restart, and repeats at most the posts that were in flight", async () => {
    const deps = servicesFor(db);
    await seedBoundWards(deps, ROLLOUT_WARDS, connector.url);
    await importCases(deps, caseCsv(REFERRALS, { wards: ROLLOUT_WARDS.map((w) => w.code) }));
    const report = await deps.allocation.allocate({ actor: "test" });
    expect(report.allocated.filter((a) => a.arm === "SRC")).toHaveLength(REFERRALS);
    const referralIds = (await db.store.db.referral.findMany({ select: { id: true } })).map((r) => r.id);

    // A short lease, so the restarted bot takes over its dead predecessor's items within seconds.
    const env = { OUTBOX_LEASE_SECONDS: "2", LOG_LEVEL: "warn" };
    const first = await BotProcess.start({ databaseUrl: db.url, env });
    bots.push(first);
    await waitFor("a third of the cards to be posted", () => connector.posts().length >= REFERRALS / 3, 60_000, 10);
    await first.kill("SIGKILL");
    // Let the connector finish reading requests that were on the wire at the kill (it records a call once read).
    await new Promise((resolve) => setTimeout(resolve, 300));
    const firstRunPosts = connector.posts().length;
    const postedAtKill = new Set((await db.store.db.referral.findMany({ where: { status: "posted" }, select: { id: true } })).map((r) => r.id));

    const second = await BotProcess.start({ databaseUrl: db.url, env });
    bots.push(second);
    await waitFor("every referral to be recorded posted", async () => (await db.store.db.referral.count({ where: { status: "posted" } })) === REFERRALS);
    // Every post is recorded: nothing of the outbox's is still on its way.
    expect(await db.store.db.outboxItem.count({ where: { kind: "post_referral", status: { not: "delivered" } } })).toBe(0);
    await second.kill("SIGTERM");

    const posts = connector.posts().map((p, index) => ({ ...p, index, referralId: referralIdOf(p.card)! }));
    const postsOf = (id: number) => posts.filter((p) => p.referralId === id);
    // At least once: every referral's card is in its ward's channel, and the copy the bot will edit is one Teams posted.
    const channelOf = new Map(ROLLOUT_WARDS.map((w) => [w.code, w.channel.id]));
    const rows = await db.store.db.referral.findMany({ select: { id: true, wardCode: true, channelId: true, activityId: true } });
    expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual([...referralIds].sort((a, b) => a - b));
    for (const row of rows) {
      expect(row.channelId).toBe(channelOf.get(row.wardCode));
      expect(postsOf(row.id).map((p) => p.activityId)).toContain(row.activityId);
      expect(postsOf(row.id).every((p) => p.channelId === row.channelId)).toBe(true);
    }
    // A delivered post is never sent again; a repeated one was in flight at the kill (posted by the first process, its
    // result never recorded), and one channel has one post in flight at a time (a ward's cards go out in order).
    const repeated = rows.filter((r) => postsOf(r.id).length > 1).map((r) => r.id);
    for (const id of postedAtKill) expect(postsOf(id)).toHaveLength(1);
    for (const id of repeated) {
      expect(postsOf(id)).toHaveLength(2);
      expect(postsOf(id)[0]!.index).toBeLessThan(firstRunPosts);
    }
    expect(repeated.length).toBeLessThanOrEqual(ROLLOUT_WARDS.length);
    expect(posts).toHaveLength(REFERRALS + repeated.length);
    measured(`${provider}: cards posted before the kill / recorded posted at the kill / posted twice`, `${firstRunPosts} / ${postedAtKill.size} / ${repeated.length}`);
  }, MULTI_PROCESS_TIMEOUT_MS);
});
