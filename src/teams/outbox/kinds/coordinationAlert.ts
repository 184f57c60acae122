import { MessageFactory } from "botbuilder";
import { alertCard } from "../../cards/referralCards.js";
import { cardAttachment } from "../../cards/render.js";
import { coordinationAlertView } from "../../views/alerts.js";
import type { DeliveryHandler } from "./context.js";

/** coordination_alert: a ward unbound, a channel lost, a delivery given up on, told to the coordination channel. */
export const coordinationAlert: DeliveryHandler<"coordination_alert"> = async (_item, message, ctx) => {
  const target = await ctx.coordinationChannel();
  if (!target) return;
  await ctx.sender.postMessage(target, MessageFactory.attachment(cardAttachment(alertCard(await coordinationAlertView(ctx.services, message)))), ctx.retries());
  await ctx.done();
};
