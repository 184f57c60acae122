import type { Referral } from "../../domain/referrals/referral.js";
import { isRevokedClaimant, REVOKED_CLAIMANT_MESSAGE, type ActionOutcome } from "../../domain/referrals/referralService.js";
import type { AdaptiveCardJson } from "../cards/render.js";
import { referralCard } from "../cards/referralCards.js";
import type { BotDeps } from "../deps.js";
import type { ActionContext } from "./action.js";
import { everyoneActions, referralCardView, staleBanner, viewerBanner } from "../views/referralView.js";

/** Who gets their own view of the card through Universal Actions refresh: the claimant, supervisors and the ward's HCOPs. */
export function refreshUserIds(deps: BotDeps, referral: Referral): Promise<string[]> {
  return deps.roles.teamsIdsOf(["supervisor", "hcop"], referral.claimedBy === undefined ? [] : [referral.claimedBy], referral.bcu);
}

/** The card as the clicker should see it now, in place of the card they clicked. */
export async function viewerCard(ctx: Pick<ActionContext, "deps" | "caller" | "cardNonce">, referral: Referral, banner?: string): Promise<AdaptiveCardJson> {
  const { deps, caller } = ctx;
  return referralCard(
    referralCardView(referral, {
      allowed: deps.referrals.allowedActions(referral, caller),
      format: deps.format,
      now: deps.clock.now(),
      banner: banner ?? (isRevokedClaimant(referral, caller) ? REVOKED_CLAIMANT_MESSAGE : viewerBanner(caller, referral)),
      refreshUserIds: await refreshUserIds(deps, referral),
      cardNonce: ctx.cardNonce,
    }),
  );
}

/** The card everyone in the channel sees: posted, and edited on every change; `cardNonce` is the posted copy's. */
export async function everyoneCard(deps: BotDeps, referral: Referral, cardNonce: string | undefined): Promise<AdaptiveCardJson> {
  return referralCard(
    referralCardView(referral, { allowed: everyoneActions(referral), format: deps.format, now: deps.clock.now(), refreshUserIds: await refreshUserIds(deps, referral), cardNonce }),
  );
}

/** The clicker's next card after a state change was attempted. */
export async function outcomeCard(ctx: ActionContext, outcome: Exclude<ActionOutcome, { kind: "not_found" } | { kind: "refused" } | { kind: "invalid" }>): Promise<AdaptiveCardJson> {
  if (outcome.kind === "stale") return viewerCard(ctx, outcome.referral, staleBanner(outcome.referral, ctx.deps.format));
  if (outcome.kind === "denied") return viewerCard(ctx, outcome.referral, outcome.message);
  return viewerCard(ctx, outcome.referral);
}
