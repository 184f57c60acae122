import type { ReferralCardRepository } from "../../domain/ports.js";
import type { DbTx } from "../prismaClient.js";
import { toPlacement } from "./referrals.js";

/** The Teams side of referral cards, kept in the referral's row (placement) and the PostAttempt table. */
export function referralCardRepository(db: DbTx): ReferralCardRepository {
  return {
    async markPosted(referralId, placement, at) {
      // No version bump: the posted card was rendered as "posted" at this version, so its first click is current.
      await db.referral.update({ where: { id: referralId }, data: { ...placement, status: "posted", postedAt: at, updatedAt: at } });
    },
    async placement(referralId) {
      const row = await db.referral.findUnique({ where: { id: referralId }, select: { channelId: true, conversationId: true, activityId: true, serviceUrl: true, cardNonce: true } });
      return row ? toPlacement(row) : undefined;
    },
    async placedIn(conversationId) {
      return (await db.referral.findFirst({ where: { conversationId }, select: { id: true } }))?.id;
    },
    async recordPostAttempt(referralId, attempt) {
      await db.postAttempt.create({ data: { referralId, ...attempt } });
    },
    async postAttempts(referralId) {
      return db.postAttempt.findMany({ where: { referralId }, select: { nonce: true, sentAt: true }, orderBy: { sentAt: "asc" } });
    },
  };
}
