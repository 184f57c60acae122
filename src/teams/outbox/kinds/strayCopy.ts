import { ConversationGoneError } from "../../../outbound/index.js";
import { strayCopyCard } from "../../cards/referralCards.js";
import type { DeliveryHandler } from "./context.js";
import { referralTarget } from "./referralTarget.js";

/** retire_stray_copy: a copy of the card Teams holds twice is edited into a notice saying so. */
export const retireStrayCopy: DeliveryHandler<"retire_stray_copy"> = async (_item, message, ctx) => {
  const found = await referralTarget(message.referralId, ctx);
  if (!found) return;
  const { target } = found;
  const copy = { channelId: target.channelId, conversationId: message.conversationId, activityId: message.activityId, serviceUrl: target.serviceUrl };
  // A copy deleted meanwhile needs no notice, and says nothing about the ward's channel (unlike a gone thread).
  await ctx.sender.updateCard(target, copy, strayCopyCard(), ctx.retries()).catch((error: unknown) => {
    if (!(error instanceof ConversationGoneError)) throw error;
  });
  await ctx.done();
};
