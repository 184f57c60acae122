import { guidanceCard } from "../cards/referralCards.js";
import type { CardAction } from "./action.js";

/** The officers' briefing, with a way back to the referral. */
export const guide: CardAction = {
  verb: "guide",
  inputs: [],
  handle: async ({ deps, referral }) => guidanceCard({ paragraphs: [...deps.guidance], back: { verb: "refresh", referralId: referral.id, version: referral.version } }),
};
