import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createBot } from "../../../src/app.js";
import { createServices } from "../../../src/services.js";
import { loadConfig } from "../../../src/config/env.js";
import { createLogger } from "../../../src/log.js";
import { FakeConnector } from "../../helpers/fakeConnector.js";
import { ADMIN_AAD } from "../../helpers/botHarness.js";
import { caseCsv, importCases } from "../../helpers/seed.js";
import { createTestDatabase, testProviders, type TestDatabase } from "../../helpers/testDb.js";
import { ROLLOUT_WARDS, measured, referralIdOf, seedBoundWards } from "./support.js";

const ATTEMPT_TIMEOUT_MS = 300;
const WARD = ROLLOUT_WARDS[0]!;
const CARDS = 3;

/**
 * Teams posts a card but its answer comes after the gateway has given up on the call (a timeout): the gateway's retry
 * first looks in the channel for the copy it may have made, so the card is still posted once. When Graph cannot be
 * asked, the retry posts again: at least once.
 */
describe.each(testProviders())("a card post whose answer comes too late (%s)", (provider) => {
  const connector = new FakeConnector();
  let db: TestDatabase;

  beforeEach(async () => {
    await connector.start();
    db = await createTestDatabase(provider);
  });

  afterEach(async () => {
    await connector.stop();
    await db.dispose();
  });

  async function deliver(graphStatus?: number) {
    const config = loadConfig({ DATABASE_URL: db.url, BOOTSTRAP_ADMINS: ADMIN_AAD, LOG_LEVEL: "silent", GRAPH_BASE_URL: `${connector.url}v1.0` });
    const deps = createServices(config, db.store, createLogger("silent"));
    await seedBoundWards(deps, [WARD], connector.url);
    let late = 0;
    connector.failWith = ({ kind }) => {
      if (kind === "graphChannelMessages") return graphStatus;
      // The first post is carried out at once and answered long after the attempt timeout.
      return kind === "createConversation" && late++ === 0 ? { holdMs: 3 * ATTEMPT_TIMEOUT_MS } : undefined;
    };
    const { worker, gateway } = createBot(deps, {
      gateway: {
        limits: { perConversation: [{ limit: 1000, windowMs: 1000 }], perTenant: [{ limit: 1000, windowMs: 1000 }] },
        retry: { baseDelayMs: 5, maxDelayMs: 20, attemptTimeoutMs: ATTEMPT_TIMEOUT_MS },
      },
    });
    await importCases(deps, caseCsv(CARDS, { wards: [WARD.code] }));
    await deps.allocation.allocate({ actor: "test" });
    await worker.drain();
    await gateway.drain();
    const rows = await db.store.db.referral.findMany({ select: { id: true, status: true, activityId: true }, orderBy: { id: "asc" } });
    const posts = connector.posts().map((p) => ({ ...p, referralId: referralIdOf(p.card)! }));
    return { rows, posts, lookups: connector.requests.filter((r) => r.kind === "graphChannelMessages").length, stats: gateway.stats() };
  }

  it("finds the copy Teams made and posts each card once", async () => {
    const { rows, posts, lookups, stats } = await deliver();
    expect(stats.retriedByStatus.timeout).toBeGreaterThanOrEqual(1);
    expect(posts).toHaveLength(CARDS);
    for (const row of rows) {
      expect(row.status).toBe("posted");
      expect(posts.filter((p) => p.referralId === row.id).map((p) => p.activityId)).toEqual([row.activityId]);
    }
    expect(lookups).toBe(stats.retriedByStatus.timeout);
    measured(`${provider}: timeouts retried / Graph look-ups / posts`, `${stats.retriedByStatus.timeout} / ${lookups} / ${posts.length}`);
  });

  it("posts again when Graph cannot be asked, and keeps the copy it got an answer for", async () => {
    const { rows, posts } = await deliver(403);
    const first = rows[0]!;
    const mine = posts.filter((p) => p.referralId === first.id);
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(mine.at(-1)!.activityId).toBe(first.activityId);
    expect(rows.every((r) => r.status === "posted")).toBe(true);
  });
});
