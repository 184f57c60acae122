import type { DeliveryHandler } from "./context.js";
import { referralTarget } from "./referralTarget.js";
import { placeReferralCard } from "../referralPlacement.js";

/** post_referral: the referral's card in its ward's channel, exactly once (referralPlacement.ts), recorded with its address. */
export const postReferralCard: DeliveryHandler<"post_referral"> = async (item, message, ctx) => {
  const found = await referralTarget(message.referralId, ctx);
  if (!found) return;
  const { referral, target } = found;
  if (referral.status !== "to_post") return ctx.done("not needed");
  const placed = await placeReferralCard(ctx.services, ctx.sender, referral, target, ctx.retries());
  const { card } = placed;
  await ctx.store.transaction(async (tx) => {
    const at = ctx.clock.now();
    await tx.referralCards.markPosted(referral.id, card, at);
    await tx.outbox.markDelivered(item.id, at);
    await tx.events.append({ actor: "system", action: "referral.posted", subjectType: "case", subjectId: referral.crimeRef, details: { referralId: referral.id, channelId: card.channelId, ...(placed.found ? { foundInChannel: true } : {}) } }, at);
  });
  if (placed.found) ctx.sent({ referralId: referral.id }, "outbox item found in the channel (posted before a crash or a lost answer): recorded, not posted again");
  else ctx.sent({ referralId: referral.id });
};
