import type { EventRepository } from "../../domain/ports.js";
import type { StoredEvent } from "../../domain/events.js";
import type { DbTx } from "../prismaClient.js";
import { chunked } from "../chunked.js";

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
    async appendMany(events, at) {
      for (const chunk of chunked(events, 500)) {
        await db.event.createMany({
          data: chunk.map((e) => ({ at, actor: e.actor, action: e.action, subjectType: e.subjectType, subjectId: e.subjectId, details: JSON.stringify(e.details ?? {}) })),
        });
      }
    },
    async forSubject(subjectType, subjectId) {
      return (await db.event.findMany({ where: { subjectType, subjectId }, orderBy: { id: "asc" } })).map(toEvent);
    },
    async recent(limit) {
      return (await db.event.findMany({ orderBy: { id: "desc" }, take: limit })).map(toEvent);
    },
  };
}
