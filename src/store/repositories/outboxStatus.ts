import type { HeldGroup } from "../../domain/outbox/held.js";
import type { OutboxKind } from "../../domain/outbox/outbox.js";
import type { OutboxState, OutboxStatusReport } from "../../domain/outbox/statusReport.js";
import type { DbTx } from "../prismaClient.js";

/** Dead letters listed at most; the rest are in the counts. */
const MAX_DEAD = 50;

type Row = { status: string; leaseUntil: Date | null };

export function stateOf(row: Row, now: Date): OutboxState {
  if (row.status === "waiting_binding") return "held";
  if (row.status === "pending") return row.leaseUntil && row.leaseUntil > now ? "leased" : "pending";
  return row.status as OutboxState;
}

export async function heldGroups(db: DbTx): Promise<HeldGroup[]> {
  const rows = await db.outboxItem.groupBy({ by: ["wardCode", "kind", "lastError"], where: { status: "waiting_binding" }, _count: { _all: true }, orderBy: [{ wardCode: "asc" }, { kind: "asc" }] });
  return rows.map((r) => ({ wardCode: r.wardCode ?? "", kind: r.kind as OutboxKind, reason: r.lastError ?? "waiting for a channel", count: r._count._all }));
}

/** A handful of grouped counts: the outbox can hold a year of delivered items, which are counted, never loaded. */
export async function outboxStatus(db: DbTx, now: Date): Promise<OutboxStatusReport> {
  const [settled, leased, oldest, dead, held] = await Promise.all([
    db.outboxItem.groupBy({ by: ["kind", "status"], _count: { _all: true } }),
    db.outboxItem.groupBy({ by: ["kind"], where: { status: "pending", leaseUntil: { gt: now } }, _count: { _all: true } }),
    db.outboxItem.findFirst({ where: { status: "pending" }, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
    db.outboxItem.findMany({ where: { status: "dead" }, orderBy: { id: "asc" }, take: MAX_DEAD, select: { id: true, kind: true, wardCode: true, attempts: true, lastError: true, createdAt: true } }),
    heldGroups(db),
  ]);
  const byKind: OutboxStatusReport["byKind"] = {};
  const add = (kind: string, state: OutboxState, count: number) => {
    if (count <= 0) return;
    const states = (byKind[kind as OutboxKind] ??= {});
    states[state] = (states[state] ?? 0) + count;
  };
  for (const row of settled) add(row.kind, stateOf({ status: row.status, leaseUntil: null }, now), row._count._all);
  // Pending counts every due item; the leased ones are moved to their own column.
  for (const row of leased) {
    const states = byKind[row.kind as OutboxKind]!;
    const due = (states.pending ?? 0) - row._count._all;
    if (due > 0) states.pending = due;
    else delete states.pending;
    add(row.kind, "leased", row._count._all);
  }
  return {
    at: now,
    byKind,
    oldestPendingSeconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.createdAt.getTime()) / 1000)) : undefined,
    dead: dead.map((d) => ({ id: d.id, kind: d.kind as OutboxKind, wardCode: d.wardCode ?? undefined, attempts: d.attempts, lastError: d.lastError ?? undefined, createdAt: d.createdAt })),
    held,
  };
}
