import type { JobLeaseRepository } from "../../domain/ports.js";
import type { DbTx } from "../prismaClient.js";

export function jobLeaseRepository(db: DbTx): JobLeaseRepository {
  return {
    async acquire(name, owner, now, leaseMs) {
      try {
        await db.jobLease.create({ data: { name } });
      } catch {
        // It exists already (perhaps created this instant by another instance): fine.
      }
      // One conditional update decides who holds it; the database serialises competing instances.
      const { count } = await db.jobLease.updateMany({
        where: { name, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
        data: { owner, leaseUntil: new Date(now.getTime() + leaseMs) },
      });
      const row = await db.jobLease.findUniqueOrThrow({ where: { name } });
      return { acquired: count === 1, lastSlot: row.lastSlot ?? undefined };
    },
    async complete(name, owner, slot, at) {
      await db.jobLease.updateMany({ where: { name, owner }, data: { lastSlot: slot, lastRunAt: at, owner: null, leaseUntil: null } });
    },
    async release(name, owner) {
      await db.jobLease.updateMany({ where: { name, owner }, data: { owner: null, leaseUntil: null } });
    },
  };
}
