import type { EventRepository } from "../../domain/ports.js";
import type { StoredEvent } from "../../domain/events.js";
import type { DbTx } from "../prismaClient.js";

type Row = { id: number; at: Date; actor: string; action: string; subjectType: string; subjectId: string; details: string };

const toEvent = (row: Row): StoredEvent => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> });

export function eventRepository(db: DbTx): EventRepository {
  return {
    async append(event, at) {
      await db.event.create({
        data: {
          at,
          actor: event.actor,
          action: event.action,
          subjectType: event.subjectType,
          subjectId: event.subjectId,
          details: JSON.stringify(event.details ?? {}),
        },
      });
    },
    async forSubject(subjectType, subjectId) {
      return (await db.event.findMany({ where: { subjectType, subjectId }, orderBy: { id: "asc" } })).map(toEvent);
    },
    async recent(limit) {
      return (await db.event.findMany({ orderBy: { id: "desc" }, take: limit })).map(toEvent);
    },
  };
}
