import type { ReminderRepository } from "../../domain/ports.js";
import type { DbTx } from "../prismaClient.js";

export function reminderRepository(db: DbTx): ReminderRepository {
  return {
    async queued(referralIds) {
      const rows = await db.reminder.findMany({ where: { referralId: { in: [...referralIds] } }, select: { referralId: true, stage: true } });
      return new Set(rows.map((r) => `${r.referralId}:${r.stage}`));
    },
    async add(referralId, stage, queuedAt) {
      await db.reminder.create({ data: { referralId, stage, queuedAt } });
    },
  };
}
