import type { ReferralRepository } from "../../domain/ports.js";
import type { DbTx } from "../prismaClient.js";
import { chunked } from "../chunked.js";

export function referralRepository(db: DbTx): ReferralRepository {
  return {
    async createToPost(referrals, at) {
      for (const chunk of chunked(referrals, 500)) {
        await db.referral.createMany({ data: chunk.map((r) => ({ caseId: r.caseId, wardCode: r.wardCode, status: "to_post" as const, createdAt: at, updatedAt: at })) });
      }
    },
  };
}
