import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createBot } from "../../../src/app.js";
import { createServices } from "../../../src/services.js";
import { loadConfig } from "../../../src/config/env.js";
import type { Repositories, Store } from "../../../src/domain/ports.js";
import { createLogger } from "../../../src/log.js";
import type { AppContext } from "../../../src/services.js";
import { ADMIN_AAD } from "../../helpers/botHarness.js";
import { FakeConnector } from "../../helpers/fakeConnector.js";
import { caseCsv, importCases } from "../../helpers/seed.js";
import { countReferrals, referralFacts } from "../../helpers/records.js";
import { createTestDatabase, testProviders, type TestDatabase } from "../../helpers/testDb.js";
import { ROLLOUT_WARDS, referralIdOf, seedBoundWards, waitFor } from "../reliability/support.js";

const WARDS = ROLLOUT_WARDS.slice(0, 5);
const SLOW = WARDS[0]!;
const CASES = 100;
const WAIT_MS = 100_000;
/** Far longer than any test runs: a worker that waited for its next poll between full leases would never finish. */
const POLL_MS = 3_600_000;
const BATCH = 30;

/**
 * The database as the worker sees it, with what the test needs to watch and steer: every lease it asks for, and a
 * gate that holds up one ward's deliveries (its binding is read before each of its items goes out).
 */
function instrumented(store: Store) {
  const leases: { asked: number; got: number; ids: number[] }[] = [];
  let gate: Promise<void> | undefined;
  let open = () => {};
  const bindings = (repos: Repositories): Repositories["bindings"] => ({
    ...repos.bindings,
    get: async (wardCode) => {
      if (wardCode === SLOW.code) await gate;
      return repos.bindings.get(wardCode);
    },
  });
  const outbox = (tx: Repositories): Repositories["outbox"] => ({
    ...tx.outbox,
    claimDue: async (owner, now, limit, leaseMs, skipWards) => {
      const items = await tx.outbox.claimDue(owner, now, limit, leaseMs, skipWards);
      leases.push({ asked: limit, got: items.length, ids: items.map((item) => item.id) });
      return items;
    },
  });
  const wrapped: Store = {
    provider: store.provider,
    repos: { ...store.repos, bindings: bindings(store.repos) },
    transaction: (work, options) => store.transaction((tx) => work({ ...tx, outbox: outbox(tx) }), options),
    checkReady: () => store.checkReady(),
    close: () => store.close(),
  };
  return {
    store: wrapped,
    leases,
    holdSlowWard: () => (gate = new Promise<void>((resolve) => (open = resolve))),
    releaseSlowWard: () => {
      gate = undefined;
      open();
    },
  };
}

describe.each(testProviders())("the outbox worker, started (%s)", (provider) => {
  let connector: FakeConnector;
  let db: TestDatabase;
  let deps: AppContext;
  let probe: ReturnType<typeof instrumented>;

  beforeEach(async () => {
    connector = new FakeConnector();
    await connector.start();
    db = await createTestDatabase(provider);
    probe = instrumented(db.store);
    deps = createServices(loadConfig({ DATABASE_URL: db.url, BOOTSTRAP_ADMINS: ADMIN_AAD, LOG_LEVEL: "silent" }), probe.store, createLogger("silent"));
    await seedBoundWards(deps, WARDS, connector.url);
    await importCases(deps, caseCsv(CASES, { wards: WARDS.map((w) => w.code) }));
    await deps.allocation.allocate({ actor: "test" });
  });

  afterEach(async () => {
    await connector.stop();
    await db.dispose();
  });

  function startWorker() {
    const bot = createBot(deps, {
      // The gateway's limits have their own tests; here they would only slow the test down.
      gateway: { limits: { perConversation: [{ limit: 1000, windowMs: 1000 }], perTenant: [{ limit: 1000, windowMs: 1000 }] } },
      outbox: { batch: BATCH, pollMs: POLL_MS },
    });
    bot.worker.start();
    return bot.worker;
  }

  const postsIn = (channelId: string) => connector.posts().filter((p) => p.channelId === channelId).map((p) => referralIdOf(p.card)!);
  const postedCount = () => countReferrals(db.store, "posted");
  const referralsIn = async (wardCode: string) => (await referralFacts(db.store)).filter((r) => r.wardCode === wardCode).length;

  async function expectEachPostedOnceInOrder(): Promise<void> {
    const referrals = (await referralFacts(db.store)).map((r) => ({ id: r.referralId, wardCode: r.wardCode }));
    expect(referrals).toHaveLength(CASES);
    for (const ward of WARDS) {
      // Exactly once, and in referral order within the ward's channel.
      expect(postsIn(ward.channel.id)).toEqual(referrals.filter((r) => r.wardCode === ward.code).map((r) => r.id));
    }
  }

  it(`delivers ${CASES} items with a hand of ${BATCH}, leasing again as deliveries free room instead of waiting to poll`, async () => {
    const worker = startWorker();
    await waitFor("every referral posted", async () => (await postedCount()) === CASES, WAIT_MS, 20);
    await worker.stop();

    await expectEachPostedOnceInOrder();
    // Never more than the hand held; every item leased once; the last lease found the outbox empty.
    expect(probe.leases.every((l) => l.asked <= BATCH)).toBe(true);
    expect(probe.leases[0]).toMatchObject({ asked: BATCH, got: BATCH });
    expect(probe.leases.reduce((sum, l) => sum + l.got, 0)).toBe(CASES);
    expect(probe.leases.at(-1)!.got).toBeLessThan(probe.leases.at(-1)!.asked);
    // Topped up once half the hand was out, a lease at a time: not one lease per item.
    expect(probe.leases.length).toBeLessThanOrEqual(CASES / 5);
    const { byKind } = await db.store.repos.outbox.status(new Date());
    expect(byKind).toEqual({ post_referral: { delivered: CASES } });
  }, 2 * WAIT_MS);

  it("lets the other wards' items through while one ward's delivery is held up", async () => {
    probe.holdSlowWard();
    const worker = startWorker();
    const others = (await referralFacts(db.store)).filter((r) => r.wardCode !== SLOW.code).length;
    expect(others).toBeGreaterThan(BATCH);
    // More than a hand's worth of the other wards' items go out while the slow ward's first item is stuck.
    await waitFor("the other wards' referrals", () => WARDS.slice(1).reduce((sum, w) => sum + postsIn(w.channel.id).length, 0) === others, WAIT_MS, 20);
    expect(postsIn(SLOW.channel.id)).toEqual([]);
    // The stuck ward was passed over once it held its share (a quarter of the hand), leaving the hand to the others.
    // Raw here and below: which items a worker holds is the lease columns, the subject of these tests.
    const slowLeased = await db.store.db.outboxItem.count({ where: { wardCode: SLOW.code, leaseOwner: { not: null } } });
    expect(slowLeased).toBeLessThan(await db.store.db.outboxItem.count({ where: { wardCode: SLOW.code } }));

    probe.releaseSlowWard();
    await waitFor("every referral posted", async () => (await postedCount()) === CASES, WAIT_MS, 20);
    await worker.stop();
    await expectEachPostedOnceInOrder();
  }, 3 * WAIT_MS);

  it("keeps a live worker's items however long it holds them: its heartbeat renews the short lease, so another worker never takes them", async () => {
    const LEASE_MS = 3000;
    probe.holdSlowWard();
    const first = createBot(deps, {
      gateway: { limits: { perConversation: [{ limit: 1000, windowMs: 1000 }], perTenant: [{ limit: 1000, windowMs: 1000 }] } },
      outbox: { batch: BATCH, pollMs: POLL_MS, leaseMs: LEASE_MS },
    }).worker;
    first.start();
    const slowItems = await referralsIn(SLOW.code);
    await waitFor("the other wards' referrals", async () => (await postedCount()) === CASES - slowItems, WAIT_MS, 20);
    const held = (await db.store.db.outboxItem.findMany({ where: { wardCode: SLOW.code, leaseOwner: first.id }, select: { id: true } })).map((item) => item.id);
    expect(held.length).toBeGreaterThan(1);

    // A second worker on the same database looks for due items again and again while the first is stuck far longer than
    // its lease: without the heartbeat it would take the first's items and post them too. (It may take the slow ward's
    // items the first had left unleased: those are free.)
    const other = instrumented(db.store);
    const secondDeps = createServices(loadConfig({ DATABASE_URL: db.url, BOOTSTRAP_ADMINS: ADMIN_AAD, LOG_LEVEL: "silent" }), other.store, createLogger("silent"));
    const second = createBot(secondDeps, {
      gateway: { limits: { perConversation: [{ limit: 1000, windowMs: 1000 }], perTenant: [{ limit: 1000, windowMs: 1000 }] } },
      outbox: { batch: BATCH, pollMs: LEASE_MS / 6, leaseMs: LEASE_MS },
    }).worker;
    second.start();
    const since = Date.now();
    await waitFor("five leases' time and thirty looks by the second worker", () => Date.now() - since > 5 * LEASE_MS && other.leases.length >= 30, WAIT_MS, 50);
    expect(other.leases.flatMap((l) => l.ids).filter((id) => held.includes(id))).toEqual([]);
    expect((await db.store.db.outboxItem.findMany({ where: { id: { in: held } }, select: { leaseOwner: true } })).every((item) => item.leaseOwner === first.id)).toBe(true);

    probe.releaseSlowWard();
    await waitFor("every referral posted", async () => (await postedCount()) === CASES, WAIT_MS, 20);
    await first.stop();
    await second.stop();
    // Exactly once each (the two workers' shares of the slow ward may interleave in its channel).
    const posted = connector.posts().map((p) => referralIdOf(p.card)!);
    expect(posted).toHaveLength(CASES);
    expect(new Set(posted).size).toBe(CASES);
  }, 3 * WAIT_MS);

  it("on stop, finishes the item under way and gives back the rest of its leases for another worker to take at once", async () => {
    probe.holdSlowWard();
    const first = startWorker();
    const slowItems = await referralsIn(SLOW.code);
    // Everything else delivered; the slow ward's first item under way, and more of its items leased behind it.
    await waitFor("the other wards' referrals", async () => (await postedCount()) === CASES - slowItems, WAIT_MS, 20);
    expect(await db.store.db.outboxItem.count({ where: { wardCode: SLOW.code, leaseOwner: { not: null } } })).toBeGreaterThan(1);

    const stopping = first.stop();
    probe.releaseSlowWard();
    await stopping;
    // The one under way went out; the others wait unleased, not for a lease to run out.
    expect(postsIn(SLOW.channel.id)).toHaveLength(1);
    const left = await db.store.db.outboxItem.findMany({ where: { status: "pending" }, select: { wardCode: true, leaseOwner: true, leaseUntil: true } });
    expect(left).toHaveLength(slowItems - 1);
    expect(left.every((item) => item.wardCode === SLOW.code && item.leaseOwner === null && item.leaseUntil === null)).toBe(true);

    const second = startWorker();
    await waitFor("every referral posted", async () => (await postedCount()) === CASES, WAIT_MS, 20);
    await second.stop();
    await expectEachPostedOnceInOrder();
  }, 4 * WAIT_MS);
});
