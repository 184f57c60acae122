import type { Referral } from "../../domain/referrals/referral.js";
import { isRevokedClaimant, REVOKED_CLAIMANT_MESSAGE } from "../../domain/referrals/referralService.js";
import { attemptFormCard } from "../cards/referralCards.js";
import { withReferral, type ActionContext, type CardAction, type ParsedAction } from "./action.js";
import { METHOD_CHOICES, localNow, str } from "./formChoices.js";
import { cardForOutcome } from "./stateChange.js";
import { inputErrors, parseAttemptForm } from "./contactForms.js";
import { viewerCard } from "./views.js";

const INPUTS = ["method", "attemptDate", "attemptTime"] as const;

function form(ctx: ActionContext, referral: Referral, action: ParsedAction, errors: Record<string, string>) {
  const now = localNow(ctx.deps.clock.now(), ctx.deps.config.timeZone);
  return attemptFormCard({
    referralId: referral.id,
    version: referral.version,
    crimeRef: referral.crimeRef,
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
  handle: (ctx, action) =>
    withReferral(ctx, action.referralId, async (referral) => {
      if (ctx.deps.referrals.allowedActions(referral, ctx.caller).includes("attempt")) return form(ctx, referral, action, {});
      const why = isRevokedClaimant(referral, ctx.caller) ? REVOKED_CLAIMANT_MESSAGE : "Only the officer who claimed this referral can record attempts.";
      return viewerCard(ctx, referral, why);
    }),
};

export const attempt: CardAction = {
  verb: "attempt",
  inputs: INPUTS,
  handle: async (ctx, action) =>
    cardForOutcome(ctx, await ctx.deps.referrals.recordAttempt(action.referralId, action.version, ctx.caller, parseAttemptForm(action.inputs, ctx.deps.config.timeZone), ctx.admit), async (errors, referral) => form(ctx, referral, action, inputErrors(errors))),
};
