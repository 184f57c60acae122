import { everyoneCard } from "../../actions/views.js";
import type { DeliveryHandler } from "./context.js";
import { postedReferral } from "./referralTarget.js";

/** update_card: everyone's copy of the posted card edited to the referral's latest state; earlier edits queued for it are settled too. */
export const cardUpdate: DeliveryHandler<"update_card"> = async (item, message, ctx) => {
  const found = await postedReferral(message.referralId, ctx);
  if (!found) return;
  const { referral, target, placement } = found;
  await ctx.sender.updateCard(target, placement, await everyoneCard(ctx.services, referral, placement.cardNonce), ctx.retries());
  await ctx.store.transaction((tx) => tx.outbox.markCardUpdatesDelivered(referral.id, item.id, ctx.clock.now()));
  ctx.sent({ referralId: referral.id });
};
