import type { AllocationRepository } from "../../domain/ports.js";
import type { DbTx } from "../prismaClient.js";
import { chunked } from "../chunked.js";

export function allocationRepository(db: DbTx): AllocationRepository {
  return {
    async createMany(allocations) {
      for (const chunk of chunked(allocations, 500)) {
        await db.allocation.createMany({
          data: chunk.map((a) => ({
            caseId: a.caseId,
            arm: a.arm,
            method: a.method,
            trialId: a.trialId ?? null,
            stratum: a.stratum ?? null,
            sequenceIndex: a.sequenceIndex ?? null,
            blockNumber: a.blockNumber ?? null,
            positionInBlock: a.positionInBlock ?? null,
            blockSize: a.blockSize ?? null,
            algorithmVersion: a.algorithmVersion ?? null,
            allocatedAt: a.allocatedAt,
            allocatedBy: a.allocatedBy,
          })),
        });
      }
    },
    async randomised(trialId) {
      const rows = await db.allocation.findMany({ where: { trialId, method: "randomised" }, orderBy: { id: "asc" } });
      return rows.map((r) => ({
        id: r.id,
        caseId: r.caseId,
        algorithmVersion: r.algorithmVersion ?? "",
        stratum: r.stratum ?? "",
        index: r.sequenceIndex ?? -1,
        arm: r.arm,
        blockNumber: r.blockNumber ?? -1,
        positionInBlock: r.positionInBlock ?? -1,
        blockSize: r.blockSize ?? -1,
      }));
    },
    async excludeAfterRandomisation(caseId, reason, by, at) {
      const existing = await db.exclusion.findUnique({ where: { caseId } });
      if (existing) return false;
      await db.exclusion.create({ data: { caseId, reason, recordedAt: at, recordedBy: by } });
      return true;
    },
  };
}
