import type { OutboxRepository } from "../../domain/ports.js";
import { COORDINATION_WARD, INSPECTORS_WARD, type NewOutboxItem, type OutboxKind, type OutboxMessage } from "../../domain/outbox/outbox.js";
import { chunked } from "../chunked.js";
import type { DbTx } from "../prismaClient.js";
import { heldGroups, outboxStatus, stateOf } from "./outboxStatus.js";

const digestWard = (digest: "daily" | "weekly") => (digest === "weekly" ? INSPECTORS_WARD : COORDINATION_WARD);

/** Error text kept on an item is for operators; it is trimmed so a long response body never bloats the table. */
const short = (error: string) => error.slice(0, 500);

function newRow(item: NewOutboxItem, at: Date) {
  const message = item.message;
  return {
    kind: message.kind,
    referralId: "referralId" in message ? (message.referralId ?? null) : null,
    wardCode: item.wardCode ?? null,
    dedupeKey: item.dedupeKey ?? null,
    payload: JSON.stringify(message),
    status: item.waitingForBinding ? ("waiting_binding" as const) : ("pending" as const),
    nextAttemptAt: at,
    createdAt: at,
  };
}

export function outboxRepository(db: DbTx): OutboxRepository {
  const enqueueMany: OutboxRepository["enqueueMany"] = async (items, at) => {
    const keys = items.flatMap((item) => (item.dedupeKey ? [item.dedupeKey] : []));
    const taken = new Set<string>();
    for (const chunk of chunked(keys, 500)) {
      for (const row of await db.outboxItem.findMany({ where: { dedupeKey: { in: chunk } }, select: { dedupeKey: true } })) taken.add(row.dedupeKey!);
    }
    const fresh: NewOutboxItem[] = [];
    for (const item of items) {
      if (item.dedupeKey && taken.has(item.dedupeKey)) continue;
      if (item.dedupeKey) taken.add(item.dedupeKey);
      fresh.push(item);
    }
    // In the given order, so ids (and so delivery within a ward) follow it.
    for (const chunk of chunked(fresh, 500)) await db.outboxItem.createMany({ data: chunk.map((item) => newRow(item, at)) });
  };
  return {
    // One item is a batch of one: the same statements (a look-up only for a dedupe key, one INSERT).
    enqueue: (item, at) => enqueueMany([item], at),
    enqueueMany,
    async claimDue(owner, now, limit, leaseMs, skipWards = [], reclaimOwn = false) {
      const wards = skipWards.length === 0 ? [] : [{ OR: [{ wardCode: null }, { wardCode: { notIn: [...skipWards] } }] }];
      const free = [{ leaseUntil: null }, { leaseUntil: { lt: now } }, ...(reclaimOwn ? [{ leaseOwner: owner }] : [])];
      const candidates = await db.outboxItem.findMany({
        where: { status: "pending", nextAttemptAt: { lte: now }, AND: [{ OR: free }, ...wards] },
        orderBy: { id: "asc" },
        take: limit,
        select: { id: true, leaseOwner: true },
      });
      if (candidates.length === 0) return [];
      const ids = candidates.map((c) => c.id);
      // Conditional on the lease being free still: of two workers racing for an item, one wins it.
      await db.outboxItem.updateMany({
        where: { id: { in: ids }, status: "pending", OR: free },
        data: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs), attempts: { increment: 1 } },
      });
      // A lease is never given back with an owner still on it (release and every settling update clear it), so an owner
      // seen here is a worker that stopped renewing: died, or lost the database for longer than the lease.
      const before = new Map(candidates.map((c) => [c.id, c.leaseOwner ?? undefined]));
      const mine = await db.outboxItem.findMany({ where: { id: { in: ids }, leaseOwner: owner, leaseUntil: { gt: now } }, orderBy: { id: "asc" } });
      return mine.map((row) => ({
        id: row.id,
        message: JSON.parse(row.payload) as OutboxMessage,
        wardCode: row.wardCode ?? undefined,
        attempts: row.attempts,
        createdAt: row.createdAt,
        ...(before.get(row.id) ? { previousOwner: before.get(row.id) } : {}),
      }));
    },
    async renew(owner, ids, until) {
      if (ids.length === 0) return [];
      const where = { id: { in: [...ids] }, leaseOwner: owner, status: "pending" as const };
      const { count } = await db.outboxItem.updateMany({ where, data: { leaseUntil: until } });
      if (count === ids.length) return [...ids];
      return (await db.outboxItem.findMany({ where, select: { id: true } })).map((row) => row.id);
    },
    async release(owner, ids) {
      if (ids.length === 0) return;
      await db.outboxItem.updateMany({ where: { id: { in: [...ids] }, leaseOwner: owner }, data: { leaseOwner: null, leaseUntil: null } });
    },
    async markDelivered(id, at) {
      await db.outboxItem.update({ where: { id }, data: { status: "delivered", deliveredAt: at, dedupeKey: null, leaseOwner: null, leaseUntil: null, lastError: null } });
    },
    async markCardUpdatesDelivered(referralId, upToId, at) {
      await db.outboxItem.updateMany({
        where: { referralId, kind: "update_card", status: "pending", id: { lte: upToId } },
        data: { status: "delivered", deliveredAt: at, leaseOwner: null, leaseUntil: null },
      });
    },
    async reschedule(id, nextAttemptAt, error) {
      await db.outboxItem.update({ where: { id }, data: { nextAttemptAt, lastError: short(error), leaseOwner: null, leaseUntil: null } });
    },
    async markDead(id, error) {
      await db.outboxItem.update({ where: { id }, data: { status: "dead", lastError: short(error), dedupeKey: null, leaseOwner: null, leaseUntil: null } });
    },
    async waitForBinding(id, error) {
      await db.outboxItem.update({ where: { id }, data: { status: "waiting_binding", lastError: short(error), leaseOwner: null, leaseUntil: null } });
    },
    async releaseWaiting(wardCode, at) {
      const { count } = await db.outboxItem.updateMany({ where: { wardCode, status: "waiting_binding" }, data: { status: "pending", nextAttemptAt: at } });
      return count;
    },
    async discard(id) {
      await db.outboxItem.deleteMany({ where: { id } });
    },
    async discardHeldDigests(digest) {
      const { count } = await db.outboxItem.deleteMany({ where: { kind: "digest", wardCode: digestWard(digest), status: "waiting_binding" } });
      return count;
    },
    async retryDead(id, at) {
      const row = await db.outboxItem.findUnique({ where: { id }, select: { kind: true, status: true, leaseUntil: true } });
      if (!row) return { ok: false, reason: "unknown" };
      if (row.status !== "dead") return { ok: false, reason: "not_dead", state: stateOf(row, at) };
      const { count } = await db.outboxItem.updateMany({ where: { id, status: "dead" }, data: { status: "pending", attempts: 0, nextAttemptAt: at, leaseOwner: null, leaseUntil: null } });
      return count === 1 ? { ok: true, kind: row.kind as OutboxKind } : { ok: false, reason: "not_dead" };
    },
    held: () => heldGroups(db),
    status: (now) => outboxStatus(db, now),
    async isPending(dedupeKey) {
      return (await db.outboxItem.count({ where: { dedupeKey } })) > 0;
    },
    async counts() {
      const rows = await db.outboxItem.groupBy({ by: ["status"], _count: { _all: true } });
      return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
    },
  };
}
