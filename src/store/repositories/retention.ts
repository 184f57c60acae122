import type { RetentionRepository } from "../../domain/ports.js";
import type { DbTx } from "../prismaClient.js";

const CLOSED_REFERRAL = ["completed", "unable_to_contact", "expired"] as const;

export function retentionRepository(db: DbTx): RetentionRepository {
  return {
    async closedInactiveCases(before, afterId, limit) {
      const rows = await db.case.findMany({
        where: {
          id: { gt: afterId },
          purgedAt: null,
          updatedAt: { lt: before },
          OR: [
            { allocation: { is: null } },
            { referral: { status: { in: [...CLOSED_REFERRAL] } } },
            { allocation: { arm: "BAU" }, outcome: { isNot: null } },
          ],
          AND: [
            { OR: [{ allocation: { is: null } }, { allocation: { allocatedAt: { lt: before } } }] },
            { OR: [{ referral: { is: null } }, { referral: { updatedAt: { lt: before } } }] },
            { OR: [{ exclusion: { is: null } }, { exclusion: { recordedAt: { lt: before } } }] },
            { OR: [{ outcome: { is: null } }, { outcome: { recordedAt: { lt: before } } }] },
          ],
        },
        select: { id: true },
        orderBy: { id: "asc" },
        take: limit,
      });
      return rows.map((r) => r.id);
    },
    async pseudonymise(tokens, at) {
      // One statement per case: each gets its own token. The allocation row is never touched (triggers refuse it).
      for (const [id, token] of tokens) {
        await db.case.update({ where: { id }, data: { crimeRef: token, offence: null, strands: null, purgedAt: at } });
      }
      await db.contact.updateMany({
        where: { referral: { caseId: { in: [...tokens.keys()] } } },
        data: { notes: null, supportOrganisation: null, riskAssessmentReason: null },
      });
    },
  };
}
