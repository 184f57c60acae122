import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, testProviders, type TestDatabase } from "../../helpers/testDb.js";

const AT = new Date("2024-04-02T09:00:00Z");
const LEASE_MS = 60_000;

describe.each(testProviders())("the outbox repository (%s)", (provider) => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase(provider);
  });

  afterEach(async () => {
    await db.dispose();
  });

  const rows = () => db.store.db.outboxItem.findMany({ orderBy: { id: "asc" }, select: { kind: true, wardCode: true, dedupeKey: true, status: true, payload: true } });

  it("enqueueMany queues items in the order given, as enqueue would one by one, each dedupe key once", async () => {
    await db.store.transaction((tx) => tx.outbox.enqueue({ message: { kind: "coordination_alert", alert: "unbound_ward", wardCode: "W1" }, wardCode: "#coordination", dedupeKey: "alert:W1" }, AT));
    await db.store.transaction((tx) =>
      tx.outbox.enqueueMany(
        [
          { message: { kind: "post_referral", referralId: 3 }, wardCode: "W2" },
          { message: { kind: "coordination_alert", alert: "unbound_ward", wardCode: "W1" }, wardCode: "#coordination", dedupeKey: "alert:W1" },
          { message: { kind: "post_referral", referralId: 1 }, wardCode: "W1", waitingForBinding: true },
          { message: { kind: "coordination_alert", alert: "unbound_ward", wardCode: "W3" }, wardCode: "#coordination", dedupeKey: "alert:W3" },
          { message: { kind: "coordination_alert", alert: "unbound_ward", wardCode: "W3" }, wardCode: "#coordination", dedupeKey: "alert:W3" },
          { message: { kind: "post_referral", referralId: 2 }, wardCode: "W2" },
        ],
        AT,
      ),
    );
    expect(await rows()).toEqual([
      { kind: "coordination_alert", wardCode: "#coordination", dedupeKey: "alert:W1", status: "pending", payload: JSON.stringify({ kind: "coordination_alert", alert: "unbound_ward", wardCode: "W1" }) },
      { kind: "post_referral", wardCode: "W2", dedupeKey: null, status: "pending", payload: JSON.stringify({ kind: "post_referral", referralId: 3 }) },
      { kind: "post_referral", wardCode: "W1", dedupeKey: null, status: "waiting_binding", payload: JSON.stringify({ kind: "post_referral", referralId: 1 }) },
      { kind: "coordination_alert", wardCode: "#coordination", dedupeKey: "alert:W3", status: "pending", payload: JSON.stringify({ kind: "coordination_alert", alert: "unbound_ward", wardCode: "W3" }) },
      { kind: "post_referral", wardCode: "W2", dedupeKey: null, status: "pending", payload: JSON.stringify({ kind: "post_referral", referralId: 2 }) },
    ]);
    expect(await db.store.db.outboxItem.findMany({ where: { kind: "post_referral" }, select: { referralId: true }, orderBy: { id: "asc" } })).toEqual([{ referralId: 3 }, { referralId: 1 }, { referralId: 2 }]);
  });

  it("claimDue passes over the wards it is told to skip, oldest first otherwise", async () => {
    await db.store.transaction((tx) => tx.outbox.enqueueMany([1, 2, 3, 4, 5, 6].map((referralId) => ({ message: { kind: "post_referral", referralId }, wardCode: referralId % 2 === 0 ? "W2" : "W1" })), AT));
    const leased = await db.store.transaction((tx) => tx.outbox.claimDue("worker-a", AT, 10, LEASE_MS, ["W1"]));
    expect(leased.map((item) => item.message)).toEqual([2, 4, 6].map((referralId) => ({ kind: "post_referral", referralId })));
    const rest = await db.store.transaction((tx) => tx.outbox.claimDue("worker-a", AT, 2, LEASE_MS, []));
    expect(rest.map((item) => item.message)).toEqual([1, 3].map((referralId) => ({ kind: "post_referral", referralId })));
  });

  it("release gives back only the owner's leases, so any worker can lease the items at once", async () => {
    await db.store.transaction((tx) => tx.outbox.enqueueMany([1, 2, 3].map((referralId) => ({ message: { kind: "post_referral", referralId }, wardCode: "W1" })), AT));
    const mine = await db.store.transaction((tx) => tx.outbox.claimDue("worker-a", AT, 2, LEASE_MS));
    const theirs = await db.store.transaction((tx) => tx.outbox.claimDue("worker-b", AT, 2, LEASE_MS));
    expect([mine.length, theirs.length]).toEqual([2, 1]);

    await db.store.repos.outbox.release("worker-a", [...mine, ...theirs].map((item) => item.id));
    const again = await db.store.transaction((tx) => tx.outbox.claimDue("worker-c", AT, 10, LEASE_MS));
    expect(again.map((item) => item.id)).toEqual(mine.map((item) => item.id));
    expect(await db.store.db.outboxItem.findUniqueOrThrow({ where: { id: theirs[0]!.id } })).toMatchObject({ leaseOwner: "worker-b" });
  });
});
