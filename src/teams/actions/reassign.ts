import { reassignFormCard } from "../cards/referralCards.js";
import type { ActionContext, CardAction } from "./action.js";
import { cardForOutcome } from "./stateChange.js";
import { viewerCard } from "./views.js";

async function officers(ctx: ActionContext) {
  return (await ctx.deps.store.repos.people.withRole("officer")).filter((p) => p.aadObjectId !== ctx.referral.claimedBy);
}

function form(ctx: ActionContext, people: Awaited<ReturnType<typeof officers>>, errors: Record<string, string>) {
  return reassignFormCard({
    referralId: ctx.referral.id,
    version: ctx.referral.version,
    crimeRef: ctx.referral.crimeRef,
    officers: people.map((p) => ({ title: p.displayName ?? p.aadObjectId, value: p.aadObjectId })),
    errors,
  });
}

/** Opens the Reassign form (supervisors and HCOP). */
export const reassignForm: CardAction = {
  verb: "reassignForm",
  inputs: [],
  handle: async (ctx) =>
    ctx.deps.referrals.allowedActions(ctx.referral, ctx.caller).includes("reassign") ? form(ctx, await officers(ctx), {}) : viewerCard(ctx.deps, ctx.referral, ctx.caller, "Only a supervisor or the HCOP can reassign a referral."),
};

export const reassign: CardAction = {
  verb: "reassign",
  inputs: ["assignee"],
  handle: async (ctx, action) => {
    // Checked before the form is rebuilt: the officer list is for those who may reassign.
    if (!ctx.deps.referrals.allowedActions(ctx.referral, ctx.caller).includes("reassign")) {
      return viewerCard(ctx.deps, ctx.referral, ctx.caller, "Only a supervisor or the HCOP can reassign a referral.");
    }
    const people = await officers(ctx);
    const target = people.find((p) => p.aadObjectId === action.inputs.assignee);
    if (!target) return form(ctx, people, { assignee: "Choose an officer from the list." });
    const outcome = await ctx.deps.referrals.reassign(action.referralId, action.version, ctx.caller, {
      aadObjectId: target.aadObjectId,
      displayName: target.displayName ?? target.aadObjectId,
      teamsUserId: target.teamsUserId,
    });
    return cardForOutcome(ctx, outcome);
  },
};
