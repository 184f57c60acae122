import type { Referral } from "../../domain/referrals/referral.js";
import { reassignFormCard } from "../cards/referralCards.js";
import { readReferral, withReferral, type ActionContext, type CardAction, type ParsedAction } from "./action.js";
import { cardForOutcome } from "./stateChange.js";
import { viewerCard } from "./views.js";

async function officers(ctx: ActionContext, referral: Referral) {
  return (await ctx.deps.roles.withRole("officer")).filter((p) => p.aadObjectId !== referral.claimedBy);
}

function form(referral: Referral, people: Awaited<ReturnType<typeof officers>>, errors: Record<string, string>) {
  return reassignFormCard({
    referralId: referral.id,
    version: referral.version,
    crimeRef: referral.crimeRef,
    officers: people.map((p) => ({ title: p.displayName ?? p.aadObjectId, value: p.aadObjectId })),
    errors,
  });
}

/**
 * A form from an older version naming the officer who holds the claim now (left out of today's list): a re-delivered
 * reassignment, or a stale one. Only with an older version, so it can never be applied: the change answers which.
 */
function alreadyAssigned(referral: Referral, action: ParsedAction) {
  if (action.version === referral.version || referral.claimedBy === undefined || action.inputs.assignee !== referral.claimedBy) return undefined;
  return { aadObjectId: referral.claimedBy, displayName: referral.claimedByName };
}

const mayReassign = (ctx: ActionContext, referral: Referral) => ctx.deps.referrals.allowedActions(referral, ctx.caller).includes("reassign");

/** Opens the Reassign form (supervisors and HCOP). */
export const reassignForm: CardAction = {
  verb: "reassignForm",
  inputs: [],
  handle: (ctx, { referralId }) =>
    withReferral(ctx, referralId, async (referral) => (mayReassign(ctx, referral) ? form(referral, await officers(ctx, referral), {}) : viewerCard(ctx, referral, ctx.deps.referrals.whyNot("reassign", referral, ctx.caller)))),
};

export const reassign: CardAction = {
  verb: "reassign",
  inputs: ["assignee"],
  handle: async (ctx, action) => {
    const referral = await readReferral(ctx, action.referralId);
    if ("refused" in referral) return referral;
    // Checked before the form is rebuilt: the officer list is for those who may reassign. The change checks again.
    if (!mayReassign(ctx, referral)) return { card: await viewerCard(ctx, referral, ctx.deps.referrals.whyNot("reassign", referral, ctx.caller)) };
    const people = await officers(ctx, referral);
    const target = people.find((p) => p.aadObjectId === action.inputs.assignee) ?? alreadyAssigned(referral, action);
    if (!target) return { card: await form(referral, people, { assignee: "Choose an officer from the list." }) };
    const to = { aadObjectId: target.aadObjectId, displayName: target.displayName ?? target.aadObjectId };
    return cardForOutcome(ctx, await ctx.deps.referrals.reassign(action.referralId, action.version, ctx.caller, to, ctx.admit));
  },
};
