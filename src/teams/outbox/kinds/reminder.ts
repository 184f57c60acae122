import type { DeliveryHandler } from "./context.js";
import { postedReferral } from "./referralTarget.js";
import { threadReminder } from "../reminderMessages.js";

/** reminder: a nag in the card's thread, sent only if the referral is still where it was when the reminder was decided. */
export const reminder: DeliveryHandler<"reminder"> = async (item, message, ctx) => {
  const found = await postedReferral(message.referralId, ctx);
  if (!found) return;
  const { referral, target, placement } = found;
  const applies = message.stage === "claim_overdue" ? referral.status === "posted" : referral.status === "claimed" && referral.claimedBy === message.claimedBy;
  if (applies) {
    const [claimantTeamsId] = referral.claimedBy === undefined ? [] : await ctx.services.roles.teamsIdsOf([], [referral.claimedBy]);
    await ctx.sender.reply(target, placement, threadReminder(message.stage, referral, claimantTeamsId, ctx.services.format), ctx.retries());
  }
  await ctx.store.transaction(async (tx) => {
    const at = ctx.clock.now();
    await tx.outbox.markDelivered(item.id, at);
    await tx.events.append({ actor: "system", action: applies ? "reminder.sent" : "reminder.cancelled", subjectType: "case", subjectId: referral.crimeRef, details: { referralId: referral.id, stage: message.stage } }, at);
  });
  if (applies) ctx.sent({ referralId: referral.id });
  else ctx.notNeeded({ referralId: referral.id });
};
