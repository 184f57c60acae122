import { MessageFactory } from "botbuilder";
import { alertCard } from "../../cards/referralCards.js";
import { cardAttachment } from "../../cards/render.js";
import { coordinationAlertView } from "../../views/alerts.js";
import type { DeliveryHandler } from "./context.js";

/** coordination_alert: a ward unbound, a channel lost, a delivery given up on, told to the ward's BCU's coordination channel. */
export const coordinationAlert: DeliveryHandler<"coordination_alert"> = async (_item, message, ctx) => {
  const bcu = message.wardCode === undefined ? undefined : (await ctx.store.repos.wards.get(message.wardCode))?.bcu;
  const target = await ctx.coordinationChannel("coordination", { bcu });
  if (!target) return;
  await ctx.sender.postMessage(target, MessageFactory.attachment(cardAttachment(alertCard(await coordinationAlertView(ctx.services, message)))), ctx.retries());
  await ctx.done();
};
