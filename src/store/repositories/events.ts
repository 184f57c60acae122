import type { EventRepository } from "../../domain/ports.js";
import type { EventInput, StoredEvent } from "../../domain/events.js";
import { canonicalDetails, extendChain } from "../../domain/audit/chain.js";
import type { DbTx } from "../prismaClient.js";
import { chunked } from "../chunked.js";
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

/**
 * The events of one transaction. They are held until the transaction's work is done, then chained and written
 * (`flush`) as its last step: the head's lock is thus always the last lock a transaction takes, so two transactions can
 * never wait for each other holding it (no deadlock), and chain order is commit order.
 */
export function transactionEvents(db: DbTx): { repository: EventRepository; flush(): Promise<void> } {
  const pending: { event: EventInput; at: Date }[] = [];
  return {
    repository: eventRepository(db, pending),
    async flush() {
      if (pending.length === 0) return;
      const head = await lockAuditHead(db);
      const rows = extendChain(
        { seq: head.lastSeq, hash: head.hash },
        pending.map(({ event, at }) => ({ at, actor: event.actor, action: event.action, subjectType: event.subjectType, subjectId: event.subjectId, details: canonicalDetails(event.details ?? {}) })),
      );
      pending.length = 0;
      for (const chunk of chunked(rows, 500)) await db.event.createMany({ data: chunk });
      await moveAuditHead(db, rows.at(-1)!);
    },
  };
}

/** Outside a transaction (`pending` absent) the repository only reads: a change is recorded with the change itself. */
export function eventRepository(db: DbTx, pending?: { event: EventInput; at: Date }[]): EventRepository {
  const hold = (events: readonly EventInput[], at: Date) => {
    if (!pending) throw new Error("events are appended inside store.transaction, together with the change they record");
    for (const event of events) pending.push({ event, at });
  };
  return {
    async append(event, at) {
      hold([event], at);
    },
    async appendMany(events, at) {
      hold(events, at);
    },
    async forSubject(subjectType, subjectId) {
      return (await db.event.findMany({ where: { subjectType, subjectId }, orderBy: { id: "asc" } })).map(toEvent);
    },
    async recent(limit) {
      return (await db.event.findMany({ orderBy: { id: "desc" }, take: limit })).map(toEvent);
    },
  };
}
