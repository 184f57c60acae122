import type { CardAction } from "./action.js";
import { cardForOutcome } from "./stateChange.js";

export const claim: CardAction = {
  verb: "claim",
  inputs: [],
  handle: async (ctx, { referralId, version }) => cardForOutcome(ctx, await ctx.deps.referrals.claim(referralId, version, ctx.caller, ctx.admit)),
};
