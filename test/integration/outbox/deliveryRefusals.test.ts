import { Writable } from "node:stream";
import seedrandom from "seedrandom";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createBot } from "../../../src/app.js";
import { loadConfig } from "../../../src/config/env.js";
import { createLogger } from "../../../src/log.js";
import { createServices } from "../../../src/services.js";
import { ADMIN_AAD } from "../../helpers/botHarness.js";
import { FakeConnector } from "../../helpers/fakeConnector.js";
import { caseCsv, importCases } from "../../helpers/seed.js";
import { createTestDatabase, testProviders, type TestDatabase } from "../../helpers/testDb.js";
import { ROLLOUT_WARDS, measured, referralIdOf, seedBoundWards } from "../reliability/support.js";

const WARDS = ROLLOUT_WARDS.slice(0, 3);
const CARDS = 60;

/** The bot's log lines, parsed, as an operator's log collector would see them. */
function capturedLog() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n")) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger("info", stream as never) };
}

/**
 * Teams throttling card posts (429): a refused call was never carried out, so the retry posts the same copy again
 * without asking Microsoft Graph whether it landed. Each retry and each post is logged, with ids and counts only.
 */
describe.each(testProviders())("card posts refused with 429 (%s)", (provider) => {
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

  it("retries each refused post without a Graph look-up, posts every card once, and logs each retry and post", async () => {
    const log = capturedLog();
    const config = loadConfig({ DATABASE_URL: db.url, BOOTSTRAP_ADMINS: ADMIN_AAD, LOG_LEVEL: "info", GRAPH_BASE_URL: `${connector.url}v1.0` });
    const deps = createServices(config, db.store, log.logger);
    await seedBoundWards(deps, WARDS, connector.url);
    const random = seedrandom(`refusals:${provider}`);
    let refused = 0;
    connector.failWith = ({ kind }) => {
      if (kind !== "createConversation" || random() >= 0.4) return undefined;
      refused += 1;
      return 429;
    };
    const { worker, gateway } = createBot(deps, {
      gateway: {
        limits: { perConversation: [{ limit: 1000, windowMs: 1000 }], perTenant: [{ limit: 1000, windowMs: 1000 }] },
        retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 20 },
      },
    });
    await importCases(deps, caseCsv(CARDS, { wards: WARDS.map((w) => w.code) }));
    await deps.allocation.allocate({ actor: "test" });
    await worker.drain();
    await gateway.drain();

    const rows = await db.store.db.referral.findMany({ select: { id: true, status: true, activityId: true, cardNonce: true, case: { select: { crimeRef: true } } } });
    const posts = connector.posts().map((p) => ({ ...p, referralId: referralIdOf(p.card)! }));
    expect(refused).toBeGreaterThan(10);
    expect(gateway.stats().retriedByStatus["429"]).toBe(refused);
    expect(posts).toHaveLength(CARDS);
    for (const row of rows) {
      expect(row.status).toBe("posted");
      expect(posts.filter((p) => p.referralId === row.id).map((p) => p.activityId)).toEqual([row.activityId]);
    }
    const lookups = connector.requests.filter((r) => r.kind === "graphChannelMessages").length;
    expect(lookups).toBe(0);
    // The refused copy is sent again as it was: one recorded attempt per card.
    expect(await db.store.db.postAttempt.count()).toBe(CARDS);

    const retried = log.lines.filter((l) => l.msg === "outbox item retried");
    expect(retried).toHaveLength(refused);
    expect(retried.every((l) => l.reason === "HTTP 429" && typeof l.outboxId === "number")).toBe(true);
    expect(log.lines.filter((l) => l.msg === "outbox item posted")).toHaveLength(CARDS);
    // Ids and counts only: no crime reference in any line.
    const text = log.lines.map((l) => JSON.stringify(l)).join("\n");
    for (const row of rows) expect(text).not.toContain(row.case.crimeRef);
    measured(`${provider}: 429 refusals / Graph look-ups / posts / attempts recorded`, `${refused} / ${lookups} / ${posts.length} / ${CARDS}`);
  });
});
