import type { TrialRepository } from "../../domain/ports.js";
import type { StratifyBy, TrialRecord } from "../../domain/allocation/trial.js";
import type { DbTx } from "../prismaClient.js";

type Row = {
  id: number;
  algorithmVersion: string;
  seed: string;
  ratioSrc: number;
  ratioBau: number;
  blockSizes: string;
  stratifyBy: string;
  listHash: string;
  allocatedCount: number;
  startedAt: Date;
  startedBy: string;
};

const toTrial = (r: Row): TrialRecord => ({
  id: r.id,
  algorithmVersion: r.algorithmVersion,
  seed: r.seed,
  ratio: { src: r.ratioSrc, bau: r.ratioBau },
  blockSizes: r.blockSizes.split(",").map(Number),
  stratifyBy: r.stratifyBy as StratifyBy,
  listHash: r.listHash,
  allocatedCount: r.allocatedCount,
  startedAt: r.startedAt,
  startedBy: r.startedBy,
});

export function trialRepository(db: DbTx): TrialRepository {
  return {
    async lock(trialId) {
      // A no-op write takes the row lock (PostgreSQL) or the write lock (SQLite) until the transaction ends.
      const { count } = await db.trial.updateMany({ where: { id: trialId }, data: { allocatedCount: { increment: 0 } } });
      if (count === 0) return undefined;
      return toTrial((await db.trial.findUniqueOrThrow({ where: { id: trialId } })) as Row);
    },
    async get(trialId) {
      const row = await db.trial.findUnique({ where: { id: trialId } });
      return row ? toTrial(row as Row) : undefined;
    },
    async create(t) {
      await db.trial.create({
        data: {
          id: t.id,
          algorithmVersion: t.algorithmVersion,
          seed: t.seed,
          ratioSrc: t.ratio.src,
          ratioBau: t.ratio.bau,
          blockSizes: t.blockSizes.join(","),
          stratifyBy: t.stratifyBy,
          listHash: t.listHash,
          allocatedCount: t.allocatedCount,
          startedAt: t.startedAt,
          startedBy: t.startedBy,
        },
      });
    },
    async reserve(trialId, stratum, count) {
      const row = await db.stratumSequence.upsert({
        where: { trialId_stratum: { trialId, stratum } },
        create: { trialId, stratum, nextIndex: count },
        update: { nextIndex: { increment: count } },
      });
      return row.nextIndex - count;
    },
    async advanceChain(trialId, listHash, added) {
      await db.trial.update({ where: { id: trialId }, data: { listHash, allocatedCount: { increment: added } } });
    },
    async strataCounts(trialId) {
      const rows = await db.stratumSequence.findMany({ where: { trialId } });
      return new Map(rows.map((r) => [r.stratum, r.nextIndex]));
    },
  };
}
