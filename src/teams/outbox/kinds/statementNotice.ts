import { MessageFactory } from "botbuilder";
import type { DeliveryHandler } from "./context.js";
import { postedReferral } from "./referralTarget.js";

/** statement_notice: addressed to the investigation, in the case's own thread; the crime reference only. */
export const statementNotice: DeliveryHandler<"statement_notice"> = async (item, message, ctx) => {
  const found = await postedReferral(message.referralId, ctx);
  if (!found) return;
  const { referral, target, placement } = found;
  await ctx.sender.reply(target, placement, MessageFactory.text(
    `**For the investigation of ${referral.crimeRef}:** the victim has told ${referral.claimedByName ?? "the neighbourhood officer"} they wish to give a statement. Please contact them through the usual route to arrange it.`,
  ), ctx.retries());
  await ctx.store.transaction(async (tx) => {
    const at = ctx.clock.now();
    await tx.outbox.markDelivered(item.id, at);
    await tx.events.append({ actor: "system", action: "referral.statement_notice_sent", subjectType: "case", subjectId: referral.crimeRef, details: { referralId: referral.id } }, at);
  });
  ctx.sent({ referralId: referral.id });
};
