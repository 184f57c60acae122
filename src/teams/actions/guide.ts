import { guidanceCard } from "../cards/referralCards.js";
import { withReferral, type CardAction } from "./action.js";

/** The officers' briefing, with a way back to the referral. */
export const guide: CardAction = {
  verb: "guide",
  inputs: [],
  handle: (ctx, { referralId }) =>
    withReferral(ctx, referralId, async (referral) => guidanceCard({ paragraphs: [...ctx.deps.guidance], back: { verb: "refresh", referralId: referral.id, version: referral.version } })),
};
