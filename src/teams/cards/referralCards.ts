import { renderCard, type AdaptiveCardJson } from "./render.js";
import type {
  AlertView,
  AttemptFormView,
  CompleteFormView,
  GuidanceView,
  MineView,
  ReassignFormView,
  ReferralCardView,
} from "../views/referralViews.js";

/**
 * The referral card as posted in the ward channel. Teams wants no `refresh` at all rather than one without users,
 * and templating cannot remove a top-level property (`$when` leaves `null`), so an empty list drops it here.
 */
export function referralCard(view: ReferralCardView): AdaptiveCardJson {
  const card = renderCard("referral", view);
  if (view.refreshUserIds.length === 0) delete card.refresh;
  if (view.cardNonce) stampCopy(card, view.cardNonce);
  return card;
}

type ExecuteAction = { type?: string; data?: Record<string, unknown> };

/**
 * Every button of the card says which posted copy it is on (`card`: the copy's nonce). That is what finds a post whose
 * answer was lost, and tells a click on a copy that was posted twice from one on the referral's card. The key is added
 * here, not in the template, because cards posted before copies had a nonce carry none.
 */
function stampCopy(card: AdaptiveCardJson, nonce: string): void {
  const refresh = (card.refresh as { action?: ExecuteAction } | undefined)?.action;
  for (const action of [refresh, ...((card.actions as ExecuteAction[] | undefined) ?? [])]) {
    if (action?.type === "Action.Execute" && action.data) action.data.card = nonce;
  }
}

/** What a stray copy of a referral card becomes once someone clicks it: no buttons, no personal data. */
export function strayCopyCard(): AdaptiveCardJson {
  return renderCard("referral-stray-copy", {});
}

export function attemptFormCard(view: AttemptFormView): AdaptiveCardJson {
  return renderCard("referral-attempt-form", view);
}

export function completeFormCard(view: CompleteFormView): AdaptiveCardJson {
  return renderCard("referral-complete-form", view);
}

export function reassignFormCard(view: ReassignFormView): AdaptiveCardJson {
  return renderCard("referral-reassign-form", view);
}

export function guidanceCard(view: GuidanceView): AdaptiveCardJson {
  return renderCard("guidance", view);
}

export function alertCard(view: AlertView): AdaptiveCardJson {
  return renderCard("coordination-alert", view);
}

export function mineCard(view: MineView): AdaptiveCardJson {
  return renderCard("mine", view);
}
