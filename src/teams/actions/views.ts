import type { Caller } from "../../domain/people/roles.js";
import type { Referral } from "../../domain/referrals/referral.js";
import { isRevokedClaimant, REVOKED_CLAIMANT_MESSAGE, type ActionOutcome } from "../../domain/referrals/referralService.js";
import type { AdaptiveCardJson } from "../cards/render.js";
import { referralCard } from "../cards/referralCards.js";
import type { BotDeps } from "../deps.js";
import { everyoneActions, referralCardView, staleBanner, viewerBanner } from "../views/referralView.js";

/** Who gets their own view of the card through Universal Actions refresh: the claimant, supervisors and HCOPs. */
export async function refreshUserIds(deps: BotDeps, referral: Referral): Promise<string[]> {
  const overseers = await deps.roles.teamsIdsWithRole(["supervisor", "hcop"]);
  return [...new Set([referral.claimedByTeamsId, ...overseers].filter((id): id is string => Boolean(id)))].slice(0, 60);
}

/** The card as this caller should see it now. */
export async function viewerCard(deps: BotDeps, referral: Referral, caller: Caller, banner?: string): Promise<AdaptiveCardJson> {
  return referralCard(
    referralCardView(referral, {
      allowed: deps.referrals.allowedActions(referral, caller),
      format: deps.format,
      now: deps.clock.now(),
      banner: banner ?? (isRevokedClaimant(referral, caller) ? REVOKED_CLAIMANT_MESSAGE : viewerBanner(caller, referral)),
      refreshUserIds: await refreshUserIds(deps, referral),
    }),
  );
}

/** The card everyone in the channel sees: posted, and edited on every change. */
export async function everyoneCard(deps: BotDeps, referral: Referral): Promise<AdaptiveCardJson> {
  return referralCard(
    referralCardView(referral, { allowed: everyoneActions(referral), format: deps.format, now: deps.clock.now(), refreshUserIds: await refreshUserIds(deps, referral) }),
  );
}

/** The clicker's next card after a state change was attempted. */
export async function outcomeCard(deps: BotDeps, outcome: Exclude<ActionOutcome, { kind: "not_found" } | { kind: "refused" } | { kind: "invalid" }>, caller: Caller): Promise<AdaptiveCardJson> {
  if (outcome.kind === "stale") return viewerCard(deps, outcome.referral, caller, staleBanner(outcome.referral, deps.format));
  if (outcome.kind === "denied") return viewerCard(deps, outcome.referral, caller, outcome.message);
  return viewerCard(deps, outcome.referral, caller);
}
