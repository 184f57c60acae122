import type { EventRepository } from "../../domain/ports.js";
import type { EventInput, StoredEvent } from "../../domain/events.js";
import { canonicalDetails, extendChain, type ChainLink } from "../../domain/audit/chain.js";
import type { DbTx } from "../prismaClient.js";
import { Prisma } from "../generated/sqlite/client.js";
import { BULK_ROWS, chunked } from "../chunked.js";
import { lockAuditHead, moveAuditHead } from "./audit.js";

type Row = { id: number; at: Date; actor: string; action: string; subjectType: string; subjectId: string; details: string };

const toEvent = ({ id, at, actor, action, subjectType, subjectId, details }: Row): StoredEvent => ({
  id,
  at,
  actor,
  action,
  subjectType,
  subjectId,
  details: JSON.parse(details) as Record<string, unknown>,
});

/** Events held before they are chained and written: a batch of work's worth, so a transaction of any size fits in memory. */
const HELD_AT_MOST = 1_000;

/**
 * The events of one transaction. They are held while the transaction works and chained and written when it ends
 * (`flush`), so that the head's lock is normally the last lock a transaction takes: two transactions then never wait
 * for each other holding it (no deadlock), and chain order is commit order. A bulk transaction that appends more than
 * HELD_AT_MOST events writes them as it goes instead, taking the head's lock at the first write and keeping it to the
 * end (appenders wait: they would anyway, for its commit); the head row itself is moved once, at the end.
 * Statements: one to lock and read the head, one INSERT per BULK_ROWS events, one to move the head.
 */
export function transactionEvents(db: DbTx): { repository: EventRepository; flush(): Promise<void> } {
  let pending: { event: EventInput; at: Date }[] = [];
  /** The chain's last link as this transaction extends it, once it holds the head's lock. */
  let end: ChainLink | undefined;
  const write = async () => {
    if (pending.length === 0) return;
    let start = end;
    if (!start) {
      const head = await lockAuditHead(db);
      start = { seq: head.lastSeq, hash: head.hash };
    }
    const rows = extendChain(
      start,
      pending.map(({ event, at }) => ({ at, actor: event.actor, action: event.action, subjectType: event.subjectType, subjectId: event.subjectId, details: canonicalDetails(event.details ?? {}) })),
    );
    pending = [];
    for (const chunk of chunked(rows, BULK_ROWS)) {
      const values = chunk.map((r) => Prisma.sql`(${r.seq}, ${r.at}, ${r.actor}, ${r.action}, ${r.subjectType}, ${r.subjectId}, ${r.details}, ${r.prevHash}, ${r.hash})`);
      await db.$executeRaw`INSERT INTO "Event" ("seq", "at", "actor", "action", "subjectType", "subjectId", "details", "prevHash", "hash") VALUES ${Prisma.join(values)}`;
    }
    const last = rows.at(-1)!;
    end = { seq: last.seq, hash: last.hash };
  };
  const hold = async (events: readonly EventInput[], at: Date) => {
    for (const event of events) pending.push({ event, at });
    if (pending.length >= HELD_AT_MOST) await write();
  };
  return {
    repository: eventRepository(db, hold),
    async flush() {
      await write();
      if (end) await moveAuditHead(db, end);
    },
  };
}

/** Outside a transaction (`hold` absent) the repository only reads: a change is recorded with the change itself. */
export function eventRepository(db: DbTx, hold?: (events: readonly EventInput[], at: Date) => Promise<void>): EventRepository {
  const held = (events: readonly EventInput[], at: Date) => {
    if (!hold) throw new Error("events are appended inside store.transaction, together with the change they record");
    return hold(events, at);
  };
  return {
    append: async (event, at) => held([event], at),
    appendMany: async (events, at) => held(events, at),
    async forSubject(subjectType, subjectId) {
      return (await db.event.findMany({ where: { subjectType, subjectId }, orderBy: { id: "asc" } })).map(toEvent);
    },
    async recent(limit) {
      return (await db.event.findMany({ orderBy: { id: "desc" }, take: limit })).map(toEvent);
    },
  };
}
