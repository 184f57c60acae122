import type { OutcomeRepository } from "../../domain/ports.js";
import type { DbTx } from "../prismaClient.js";

export function outcomeRepository(db: DbTx): OutcomeRepository {
  return {
    async get(caseId) {
      const row = await db.outcome.findUnique({ where: { caseId }, select: { code: true, outcomeDate: true } });
      return row ?? undefined;
    },
    async put(caseId, outcome, recordedBy, source, recordedAt) {
      const data = { code: outcome.code, outcomeDate: outcome.outcomeDate, recordedBy, recordedAt, source };
      await db.outcome.upsert({ where: { caseId }, create: { caseId, ...data }, update: data });
    },
  };
}
