import { NOTES_LIMIT } from "../../domain/referrals/forms.js";
import { completeFormCard } from "../cards/referralCards.js";
import type { ActionContext, CardAction, ParsedAction } from "./action.js";
import { METHOD_CHOICES, RISK_CHOICES, SUPPORT_CHOICES, localNow, str } from "./formChoices.js";
import { cardForOutcome } from "./stateChange.js";
import { viewerCard } from "./views.js";

const INPUTS = ["method", "contactDate", "contactTime", "riskAssessment", "riskAssessmentReason", "supportReferral", "supportOrganisation", "wantsStatement", "notes"] as const;

function form(ctx: ActionContext, action: ParsedAction, errors: Record<string, string>) {
  const now = localNow(ctx.deps.clock.now(), ctx.deps.config.timeZone);
  const v = (id: (typeof INPUTS)[number]) => str(action.inputs[id]);
  return completeFormCard({
    referralId: ctx.referral.id,
    version: ctx.referral.version,
    crimeRef: ctx.referral.crimeRef,
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
  handle: async (ctx, action) =>
    ctx.deps.referrals.allowedActions(ctx.referral, ctx.caller).includes("complete") ? form(ctx, action, {}) : viewerCard(ctx.deps, ctx.referral, ctx.caller, "Only the officer who claimed this referral can complete it."),
};

export const complete: CardAction = {
  verb: "complete",
  inputs: INPUTS,
  handle: async (ctx, action) =>
    cardForOutcome(ctx, await ctx.deps.referrals.complete(action.referralId, action.version, ctx.caller, action.inputs), async (errors) => form(ctx, action, errors)),
};
