import type { AuditRepository } from "../../domain/ports.js";
import type { AuditHead, ChainLink } from "../../domain/audit/chain.js";
import type { DbTx } from "../prismaClient.js";

const HEAD_ID = 1;

/**
 * Takes the head row's lock for the rest of the transaction — a no-op write: the row lock in PostgreSQL, the write lock
 * in SQLite — and returns the head as it stands once the lock is held, in one statement (UPDATE … RETURNING: under READ
 * COMMITTED it returns the row a concurrent appender committed while we waited).
 */
export async function lockAuditHead(db: DbTx): Promise<AuditHead> {
  const [row] = await db.auditHead.updateManyAndReturn({ where: { id: HEAD_ID }, data: { lastSeq: { increment: 0 } } });
  if (!row) throw new Error("the audit head row is missing: events cannot be chained (run `reassure audit verify`)");
  const { id: _id, ...head } = row;
  return head;
}

/** Moves the head to the chain's new last event; the caller holds the head's lock. */
export async function moveAuditHead(db: DbTx, last: ChainLink): Promise<void> {
  await db.auditHead.update({ where: { id: HEAD_ID }, data: { lastSeq: last.seq, hash: last.hash } });
}

export function auditRepository(db: DbTx): AuditRepository {
  return {
    async head() {
      const row = await db.auditHead.findUnique({ where: { id: HEAD_ID } });
      if (!row) return undefined;
      const { id: _id, ...head } = row;
      return head;
    },
    lockHead: () => lockAuditHead(db),
    async chainSlice(afterSeq, upToSeq, limit) {
      return db.event.findMany({
        where: { seq: { not: null, ...(afterSeq !== undefined && { gt: afterSeq }), lte: upToSeq } },
        select: { id: true, seq: true, at: true, actor: true, action: true, subjectType: true, subjectId: true, details: true, prevHash: true, hash: true },
        orderBy: { seq: "asc" },
        take: limit,
      });
    },
    async maxSeq() {
      const { _max } = await db.event.aggregate({ _max: { seq: true } });
      return _max.seq ?? undefined;
    },
    async unchained(afterId) {
      const count = await db.event.count({ where: { seq: null } });
      const first = await db.event.findFirst({ where: { seq: null, id: { gt: afterId } }, orderBy: { id: "asc" }, select: { id: true } });
      return { count, firstAfter: first?.id };
    },
    async lastSeqBefore(before, afterSeq) {
      const firstKept = await db.event.findFirst({ where: { seq: { gt: afterSeq }, at: { gte: before } }, orderBy: { seq: "asc" }, select: { seq: true } });
      if (firstKept) return firstKept.seq! - 1;
      const { _max } = await db.event.aggregate({ _max: { seq: true } });
      return Math.max(afterSeq, _max.seq ?? afterSeq);
    },
    async prune(through, before) {
      const chained = (await db.event.deleteMany({ where: { seq: { lte: through.seq } } })).count;
      const legacy = (await db.event.deleteMany({ where: { seq: null, at: { lt: before } } })).count;
      await db.auditHead.update({
        where: { id: HEAD_ID },
        data: { prunedThroughSeq: through.seq, prunedThroughHash: through.hash, legacyCount: { decrement: legacy } },
      });
      return chained + legacy;
    },
  };
}
