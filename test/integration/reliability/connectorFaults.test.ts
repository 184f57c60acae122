import seedrandom from "seedrandom";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createBot } from "../../../src/app.js";
import type { AppContext } from "../../../src/services.js";
import { FakeConnector, type Fault } from "../../helpers/fakeConnector.js";
import { caseCsv, importCases } from "../../helpers/seed.js";
import { createTestDatabase, testProviders, type TestDatabase } from "../../helpers/testDb.js";
import { COORDINATION_CHANNEL, ROLLOUT_WARDS, bindCoordination, measured, referralIdOf, seedBoundWards, servicesFor } from "./support.js";

const ATTEMPT_TIMEOUT_MS = 500;
const PER_WARD = 25;
const HEALTHY = ROLLOUT_WARDS.slice(0, 4);
const GONE = ROLLOUT_WARDS[4]!;

type FaultName = "429" | "500" | "502" | "504" | "timeout" | "slow-success";
/** A timeout is held past the attempt timeout; "slow-success" is one Teams carried out all the same (it posted). */
const FAULTS: Record<FaultName, Fault> = {
  "429": { status: 429, retryAfter: "1" },
  "500": { status: 500 },
  "502": { status: 502 },
  "504": { status: 504 },
  timeout: { status: 504, holdMs: 2 * ATTEMPT_TIMEOUT_MS },
  "slow-success": { holdMs: 2 * ATTEMPT_TIMEOUT_MS },
};
const NAMES = Object.keys(FAULTS) as FaultName[];

/**
 * Teams failing 30% of calls — throttled, erroring, timing out — while referral cards go out, and one ward's channel
 * refusing the bot for good (403). Every card still arrives, in order in its channel; the lost channel waits and is
 * reported to the coordination channel.
 */
describe.each(testProviders())("delivery through a faulty Bot Connector (%s)", (provider) => {
  const connector = new FakeConnector();
  let db: TestDatabase;
  let deps: AppContext;

  beforeEach(async () => {
    await connector.start();
    db = await createTestDatabase(provider);
    deps = servicesFor(db);
  });

  afterEach(async () => {
    await connector.stop();
    await db.dispose();
  });

  it("delivers every card, in order per channel, and parks a channel that refuses the bot", async () => {
    const random = seedrandom(`faults:${provider}`);
    const injected: Record<string, number> = {};
    connector.failWith = ({ kind, conversationId }) => {
      if (kind === "createConversation" && conversationId === GONE.channel.id) return 403;
      if (random() >= 0.3) return undefined;
      const name = NAMES[Math.floor(random() * NAMES.length)]!;
      const key = `${kind}:${name}`;
      injected[key] = (injected[key] ?? 0) + 1;
      return FAULTS[name];
    };
    // Teams' real rate limits would only slow this down (the gateway's own tests cover them); enough attempts that a
    // 30% failure rate cannot exhaust them by chance (0.3^12 per call).
    const { worker, gateway } = createBot(deps, {
      gateway: {
        limits: { perConversation: [{ limit: 1000, windowMs: 1000 }], perTenant: [{ limit: 1000, windowMs: 1000 }] },
        retry: { baseDelayMs: 5, maxDelayMs: 50, maxAttempts: 12, attemptTimeoutMs: ATTEMPT_TIMEOUT_MS },
      },
    });
    await seedBoundWards(deps, [...HEALTHY, GONE], connector.url);
    await bindCoordination(deps, connector.url);
    const wards = [...HEALTHY, GONE].map((w) => w.code);
    await importCases(deps, caseCsv(PER_WARD * wards.length, { wards }));
    await deps.allocation.allocate({ actor: "test" });

    await worker.drain();
    await gateway.drain();

    const referrals = await db.store.db.referral.findMany({ select: { id: true, wardCode: true, status: true, activityId: true }, orderBy: { id: "asc" } });
    const posts = connector.posts().map((p) => ({ ...p, referralId: referralIdOf(p.card)! }));
    for (const ward of HEALTHY) {
      const expected = referrals.filter((r) => r.wardCode === ward.code);
      expect(expected).toHaveLength(PER_WARD);
      expect(expected.every((r) => r.status === "posted")).toBe(true);
      // In the channel, in referral order; a call Teams carried out after the bot gave up on it shows twice, side by side.
      const inChannel = posts.filter((p) => p.channelId === ward.channel.id).map((p) => p.referralId);
      expect(inChannel.filter((id, i) => id !== inChannel[i - 1])).toEqual(expected.map((r) => r.id));
    }
    // Every extra copy is a post Teams carried out after the bot had given up on it: injected ones, and any real call
    // the loaded machine answered past the attempt timeout.
    const stats = gateway.stats();
    const copies = posts.filter((p) => p.channelId !== GONE.channel.id).length - PER_WARD * HEALTHY.length;
    expect(copies).toBeGreaterThanOrEqual(injected["createConversation:slow-success"] ?? 0);
    expect(copies).toBeLessThanOrEqual(stats.retriedByStatus.timeout ?? 0);
    expect(await db.store.db.outboxItem.count({ where: { status: "dead" } })).toBe(0);
    expect(stats.deadLettered).toBe(0);

    // The refusing channel: binding broken, its referrals kept waiting, the coordination channel told once.
    expect(await db.store.db.wardBinding.findUniqueOrThrow({ where: { wardCode: GONE.code } })).toMatchObject({ status: "broken" });
    expect(posts.filter((p) => p.channelId === GONE.channel.id)).toHaveLength(0);
    expect(referrals.filter((r) => r.wardCode === GONE.code).every((r) => r.status === "to_post")).toBe(true);
    expect(await db.store.db.outboxItem.count({ where: { wardCode: GONE.code, kind: "post_referral", status: "waiting_binding" } })).toBe(PER_WARD);
    const alerts = connector.sent().filter((r) => r.conversationId === COORDINATION_CHANNEL.id && JSON.stringify(r.body).includes(`lost access to ${GONE.name}`));
    expect(alerts.length).toBeGreaterThanOrEqual(1);
    // More than one only if Teams carried out an alert post after the bot had given up on it.
    expect(alerts.length).toBeLessThanOrEqual(1 + (stats.retriedByStatus.timeout ?? 0));

    measured(`${provider}: faults injected`, injected);
    measured(`${provider}: gateway retries by status / extra card copies`, `${JSON.stringify(stats.retriedByStatus)} / ${copies}`);
  });
});
