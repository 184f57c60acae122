import { NOTES_LIMIT } from "../../domain/referrals/contactRules.js";
import type { Referral } from "../../domain/referrals/referral.js";
import { isRevokedClaimant, REVOKED_CLAIMANT_MESSAGE } from "../../domain/referrals/referralService.js";
import { completeFormCard } from "../cards/referralCards.js";
import { withReferral, type ActionContext, type CardAction, type ParsedAction } from "./action.js";
import { METHOD_CHOICES, RISK_CHOICES, SUPPORT_CHOICES, localNow, str } from "./formChoices.js";
import { cardForOutcome } from "./stateChange.js";
import { inputErrors, parseCompletionForm } from "./contactForms.js";
import { viewerCard } from "./views.js";

const INPUTS = ["method", "contactDate", "contactTime", "riskAssessment", "riskAssessmentReason", "supportReferral", "supportOrganisation", "wantsStatement", "notes"] as const;

function form(ctx: ActionContext, referral: Referral, action: ParsedAction, errors: Record<string, string>) {
  const now = localNow(ctx.deps.clock.now(), ctx.deps.config.timeZone);
  const v = (id: (typeof INPUTS)[number]) => str(action.inputs[id]);
  return completeFormCard({
    referralId: referral.id,
    version: referral.version,
    crimeRef: referral.crimeRef,
    methods: METHOD_CHOICES,
    riskAssessments: RISK_CHOICES,
    supportReferrals: SUPPORT_CHOICES,
    values: {
      method: v("method") || "phone",
      contactDate: v("contactDate") || now.date,
      contactTime: v("contactTime") || now.time,
      riskAssessment: v("riskAssessment"),
      riskAssessmentReason: v("riskAssessmentReason"),
      supportReferral: v("supportReferral"),
      supportOrganisation: v("supportOrganisation"),
      wantsStatement: v("wantsStatement"),
      notes: v("notes"),
    },
    notesLimit: NOTES_LIMIT,
    errors,
  });
}

/** Opens the Complete form (for the claimant only). */
export const completeForm: CardAction = {
  verb: "completeForm",
  inputs: [],
  handle: (ctx, action) =>
    withReferral(ctx, action.referralId, async (referral) => {
      if (ctx.deps.referrals.allowedActions(referral, ctx.caller).includes("complete")) return form(ctx, referral, action, {});
      const why = isRevokedClaimant(referral, ctx.caller) ? REVOKED_CLAIMANT_MESSAGE : "Only the officer who claimed this referral can complete it.";
      return viewerCard(ctx, referral, why);
    }),
};

export const complete: CardAction = {
  verb: "complete",
  inputs: INPUTS,
  handle: async (ctx, action) =>
    cardForOutcome(ctx, await ctx.deps.referrals.complete(action.referralId, action.version, ctx.caller, parseCompletionForm(action.inputs, ctx.deps.config.timeZone), ctx.admit), async (errors, referral) => form(ctx, referral, action, inputErrors(errors))),
};
