import { MessageFactory } from "botbuilder";
import { isStaleDigest } from "../../../domain/outbox/staleDigest.js";
import { cardAttachment } from "../../cards/render.js";
import type { DeliveryHandler } from "./context.js";

/** digest: the daily digest to a coordination channel, the weekly one to an inspectors' (the force's or a BCU's); dropped once its period has passed. */
export const digest: DeliveryHandler<"digest"> = async (item, message, ctx) => {
  if (isStaleDigest(message.digest, new Date(message.slot), ctx.clock.now())) {
    await ctx.store.transaction((tx) => tx.outbox.discard(item.id));
    ctx.logger.info(ctx.logged({ digest: message.digest, slot: message.slot }), "stale digest dropped: its period has passed (a newer digest covers it)");
    return;
  }
  // A BCU's digest goes to that BCU's own channel only: the force's channel has the force's digest.
  const target = await ctx.coordinationChannel(message.digest === "weekly" ? "inspectors" : "coordination", { bcu: message.bcu, ownOnly: true });
  if (!target) return;
  const card = await ctx.services.digests.card(message.digest, new Date(message.slot), message.bcu);
  await ctx.sender.postMessage(target, MessageFactory.attachment(cardAttachment(card)), ctx.retries());
  await ctx.done();
};
