import { attemptFormCard } from "../cards/referralCards.js";
import type { ActionContext, CardAction, ParsedAction } from "./action.js";
import { METHOD_CHOICES, localNow, str } from "./formChoices.js";
import { cardForOutcome } from "./stateChange.js";
import { viewerCard } from "./views.js";

const INPUTS = ["method", "attemptDate", "attemptTime"] as const;

function form(ctx: ActionContext, action: ParsedAction, errors: Record<string, string>) {
  const now = localNow(ctx.deps.clock.now(), ctx.deps.config.timeZone);
  return attemptFormCard({
    referralId: ctx.referral.id,
    version: ctx.referral.version,
    crimeRef: ctx.referral.crimeRef,
    methods: METHOD_CHOICES,
    method: str(action.inputs.method) || "phone",
    attemptDate: str(action.inputs.attemptDate) || now.date,
    attemptTime: str(action.inputs.attemptTime) || now.time,
    errors,
  });
}

/** Opens the Record attempt form (for the claimant only). */
export const attemptForm: CardAction = {
  verb: "attemptForm",
  inputs: [],
  handle: async (ctx, action) =>
    ctx.deps.referrals.allowedActions(ctx.referral, ctx.caller).includes("attempt") ? form(ctx, action, {}) : viewerCard(ctx.deps, ctx.referral, ctx.caller, "Only the officer who claimed this referral can record attempts."),
};

export const attempt: CardAction = {
  verb: "attempt",
  inputs: INPUTS,
  handle: async (ctx, action) =>
    cardForOutcome(ctx, await ctx.deps.referrals.recordAttempt(action.referralId, action.version, ctx.caller, action.inputs), async (errors) => form(ctx, action, errors)),
};
