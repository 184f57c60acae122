import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotProcess } from "../../helpers/botProcess.js";
import { FakeConnector } from "../../helpers/fakeConnector.js";
import { caseCsv, importCases } from "../../helpers/seed.js";
import { createTestDatabase, testProviders, type TestDatabase } from "../../helpers/testDb.js";
import { ROLLOUT_WARDS, measured, referralIdOf, seedBoundWards, servicesFor, waitFor, MULTI_PROCESS_TIMEOUT_MS } from "./support.js";

const REFERRALS = 200;

/**
 * kill -9 in the middle of posting referral cards, then start again. The outbox records a post delivered in the
 * transaction that stores the card's activity id, so nothing delivered is sent again. A post in flight at the kill has an
 * unknown outcome (Teams may have posted it); its attempt's nonce was recorded before the call and is in the card, so the
 * restarted bot finds the card in the channel (Microsoft Graph, here the fake connector's) and takes it as posted:
 * exactly once, never lost.
 *
 * Leases are short (the default 30 s) and renewed while held. The same instance restarted (same host and port) takes back
 * what it held at its first lease; another instance takes a dead one's items over once their lease has run out.
 */
describe.each(testProviders())("a bot killed while posting referral cards (%s)", (provider) => {
  let db: TestDatabase;
  const connector = new FakeConnector();
  const bots: BotProcess[] = [];

  beforeEach(async () => {
    await connector.start();
    connector.clear();
    // Slow enough that posting takes seconds and a kill lands while calls are in flight.
    connector.delayMs = 30;
    db = await createTestDatabase(provider);
  });

  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.kill("SIGKILL");
    await db.dispose();
    await connector.stop();
  });

  const RESTARTS = [
    { name: "the same instance restarted", sameInstance: true },
    { name: "another instance taking over", sameInstance: false },
  ];

  it.each(RESTARTS)("posts every referral exactly once after a kill -9, $name, finding the posts that were in flight in the channel", async ({ name, sameInstance }) => {
    const deps = servicesFor(db);
    await seedBoundWards(deps, ROLLOUT_WARDS, connector.url);
    await importCases(deps, caseCsv(REFERRALS, { wards: ROLLOUT_WARDS.map((w) => w.code) }));
    const report = await deps.allocation.allocate({ actor: "test" });
    expect(report.allocated.filter((a) => a.arm === "SRC")).toHaveLength(REFERRALS);
    const referralIds = (await db.store.db.referral.findMany({ select: { id: true } })).map((r) => r.id);

    // The default lease (30 s); Graph is the fake's. The instance's identity is its host name, address and port.
    const env = { LOG_LEVEL: "info", GRAPH_BASE_URL: `${connector.url}v1.0` };
    const first = await BotProcess.start({ databaseUrl: db.url, env });
    bots.push(first);
    await waitFor("a third of the cards to be posted", () => connector.posts().length >= REFERRALS / 3, 60_000, 10);
    await first.kill("SIGKILL");
    // Let the connector finish reading requests that were on the wire at the kill (it records a call once read).
    await new Promise((resolve) => setTimeout(resolve, 300));
    const firstRunPosts = connector.posts().length;
    const postedAtKill = new Set((await db.store.db.referral.findMany({ where: { status: "posted" }, select: { id: true } })).map((r) => r.id));
    const heldAtKill = await db.store.db.outboxItem.count({ where: { status: "pending", leaseOwner: { not: null } } });

    const restartedAt = Date.now();
    const second = await BotProcess.start({ databaseUrl: db.url, env, ...(sameInstance ? { port: first.port } : {}) });
    bots.push(second);
    const readyAt = Date.now();
    await waitFor("every referral to be recorded posted", async () => (await db.store.db.referral.count({ where: { status: "posted" } })) === REFERRALS, 180_000);
    const lastPosted = await db.store.db.referral.findFirst({ where: { status: "posted" }, orderBy: { postedAt: "desc" }, select: { postedAt: true } });
    // Every post is recorded: nothing of the outbox's is still on its way.
    expect(await db.store.db.outboxItem.count({ where: { kind: "post_referral", status: { not: "delivered" } } })).toBe(0);
    await second.kill("SIGTERM");

    const posts = connector.posts().map((p) => ({ ...p, referralId: referralIdOf(p.card)!, crimeRef: crimeRefOf(p.card) }));
    const channelOf = new Map(ROLLOUT_WARDS.map((w) => [w.code, w.channel.id]));
    const rows = await db.store.db.referral.findMany({ select: { id: true, wardCode: true, channelId: true, activityId: true, cardNonce: true, case: { select: { crimeRef: true } } } });
    expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual([...referralIds].sort((a, b) => a - b));
    // Exactly once: each crime reference is in one card in its ward's channel, and that card is the one the bot edits.
    expect(posts).toHaveLength(REFERRALS);
    for (const row of rows) {
      const mine = posts.filter((p) => p.crimeRef === row.case.crimeRef);
      expect(mine).toHaveLength(1);
      expect(mine[0]!.referralId).toBe(row.id);
      expect(mine[0]!.channelId).toBe(channelOf.get(row.wardCode));
      expect(row.channelId).toBe(channelOf.get(row.wardCode));
      expect(row.activityId).toBe(mine[0]!.activityId);
      expect(nonceOf(mine[0]!.card)).toBe(row.cardNonce);
    }
    // The restarted bot looked in the channel only for referrals with an attempt recorded and no card: at most one per
    // channel (a ward's cards go out one after another), and those it found it did not post again.
    const lookups = connector.requests.filter((r) => r.kind === "graphChannelMessages");
    expect(lookups.length).toBeLessThanOrEqual(ROLLOUT_WARDS.length);
    const foundInChannel = await db.store.db.event.count({ where: { action: "referral.posted", details: { contains: "foundInChannel" } } });
    expect(foundInChannel).toBeLessThanOrEqual(lookups.length);
    // Every item the dead instance held went on to its successor, each logged: taken back at once by the same instance,
    // or, by another, taken over from the dead one once its lease had run out.
    const logLines = second.stdout.split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as { msg: string; previousOwner?: string });
    const recovered = logLines.filter((l) => l.msg === "outbox item recovered from this instance's previous run").length;
    const takenOver = logLines.filter((l) => l.msg === "outbox item taken over from a worker whose lease ran out").length;
    expect(heldAtKill).toBeGreaterThan(0);
    if (sameInstance) expect({ recovered, takenOver }).toEqual({ recovered: heldAtKill, takenOver: 0 });
    else expect({ recovered, takenOver }).toEqual({ recovered: 0, takenOver: heldAtKill });
    expect(logLines.filter((l) => l.msg === "outbox item posted").length).toBe(REFERRALS - postedAtKill.size - foundInChannel);
    measured(
      `${provider}, ${name}: cards posted before the kill / recorded posted at the kill / leased at the kill / Graph look-ups / found in the channel`,
      `${firstRunPosts} / ${postedAtKill.size} / ${heldAtKill} / ${lookups.length} / ${foundInChannel}`,
    );
    const seconds = (from: number) => ((lastPosted!.postedAt!.getTime() - from) / 1000).toFixed(1);
    measured(`${provider}, ${name}: restart after kill -9 to last card recorded posted / of which after the new process was ready (s)`, `${seconds(restartedAt)} / ${seconds(readyAt)}`);
  }, MULTI_PROCESS_TIMEOUT_MS);
});

function crimeRefOf(card: unknown): string | undefined {
  return /Reassurance contact — ([^"]+)"/.exec(JSON.stringify(card))?.[1];
}

function nonceOf(card: unknown): string | undefined {
  return /"card":"([^"]+)"/.exec(JSON.stringify(card))?.[1];
}
