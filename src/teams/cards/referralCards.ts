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
  return card;
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
