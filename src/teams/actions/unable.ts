import type { CardAction } from "./action.js";
import { cardForOutcome } from "./stateChange.js";

export const unable: CardAction = {
  verb: "unable",
  inputs: [],
  handle: async (ctx, { referralId, version }) => cardForOutcome(ctx, await ctx.deps.referrals.closeUnableToContact(referralId, version, ctx.caller, ctx.admit)),
};
