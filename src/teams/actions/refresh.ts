import { withReferral, type CardAction } from "./action.js";
import { viewerCard } from "./views.js";

/** Universal Actions refresh (and every Cancel/Back): the current card for this viewer. Changes nothing. */
export const refresh: CardAction = {
  verb: "refresh",
  inputs: [],
  handle: (ctx, { referralId }) => withReferral(ctx, referralId, (referral) => viewerCard(ctx, referral)),
};
