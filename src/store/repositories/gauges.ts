import type { GaugeRepository } from "../../domain/ports.js";
import { OPEN_STATUSES } from "../../domain/referrals/referral.js";
import type { DbTx } from "../prismaClient.js";

/** Delivered items are history (a year of them): counted by the deliveries counter, never by a scrape. */
const UNSETTLED = ["pending", "waiting_binding", "dead"] as const;

/**
 * What GET /metrics reads from the database on each scrape: three aggregate statements over indexed columns, whatever
 * the tables hold. Counts only: no row, reference or ward leaves this function.
 */
export function gaugeRepository(db: DbTx): GaugeRepository {
  return {
    async read(now) {
      const [byStatus, oldest, overdue] = await Promise.all([
        db.outboxItem.groupBy({ by: ["status"], where: { status: { in: [...UNSETTLED] } }, _count: { _all: true } }),
        db.outboxItem.findFirst({ where: { status: "pending" }, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
        // Open and past its contact due time: the same rule as /status's "overdue".
        db.referral.count({ where: { status: { in: [...OPEN_STATUSES] }, contactDueAt: { lt: now } } }),
      ]);
      const counts = { pending: 0, held: 0, dead: 0 };
      for (const row of byStatus) counts[row.status === "waiting_binding" ? "held" : (row.status as "pending" | "dead")] = row._count._all;
      return { outbox: counts, oldestPendingAt: oldest?.createdAt, overdueReferrals: overdue };
    },
  };
}
