import type { CardAction } from "./action.js";
import { cardForOutcome } from "./stateChange.js";

export const release: CardAction = {
  verb: "release",
  inputs: [],
  handle: async (ctx, { referralId, version }) => cardForOutcome(ctx, await ctx.deps.referrals.release(referralId, version, ctx.caller, ctx.admit)),
};
