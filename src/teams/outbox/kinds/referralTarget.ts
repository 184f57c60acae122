import type { Referral } from "../../../domain/referrals/referral.js";
import type { WardBinding } from "../../../domain/wards/ward.js";
import type { CardPlacement } from "../../../domain/ports.js";
import type { DeliveryContext } from "./context.js";

/**
 * The referral a message is about and its ward's working channel. Undefined when the item is settled already: the
 * referral is gone (not needed), or its ward has no working channel (the item waits for the ward).
 */
export async function referralTarget(referralId: number, ctx: DeliveryContext): Promise<{ referral: Referral; card: CardPlacement | undefined; target: WardBinding } | undefined> {
  // The referral and its card's placement in one read: a card edit follows every click.
  const found = await ctx.store.repos.referrals.getWithCard(referralId);
  if (!found) return void (await ctx.done("not needed"));
  const { referral, card } = found;
  const target = await ctx.store.repos.bindings.get(referral.wardCode);
  if (!target) return void (await ctx.waitForWard(referral.wardCode, "unbound_ward"));
  if (target.status === "broken") return void (await ctx.waitForWard(referral.wardCode, "binding_broken"));
  return { referral, card, target };
}

/**
 * The referral's posted card with its ward's channel. Undefined when settled already, as above, or when the card is not
 * posted yet: the post will show the latest state (not needed).
 */
export async function postedReferral(referralId: number, ctx: DeliveryContext): Promise<{ referral: Referral; target: WardBinding; placement: CardPlacement } | undefined> {
  const found = await referralTarget(referralId, ctx);
  if (!found) return undefined;
  const { referral, target, card: placement } = found;
  if (!placement) return void (await ctx.done("not needed"));
  return { referral, target, placement };
}
