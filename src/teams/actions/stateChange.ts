import type { ActionOutcome } from "../../domain/referrals/referralService.js";
import type { AdaptiveCardJson } from "../cards/render.js";
import type { ActionContext } from "./action.js";
import { outcomeCard } from "./views.js";

/** Turns a state-change outcome into the clicker's card; `invalid` (a form error) is handled by the form's own action. */
export async function cardForOutcome(ctx: ActionContext, outcome: ActionOutcome, onInvalid?: (errors: Record<string, string>) => Promise<AdaptiveCardJson>): Promise<AdaptiveCardJson> {
  if (outcome.kind === "not_found") throw new Error("referral vanished during the action");
  if (outcome.kind === "invalid") {
    if (!onInvalid) throw new Error("form errors from an action without a form");
    return onInvalid(outcome.errors);
  }
  return outcomeCard(ctx.deps, outcome, ctx.caller);
}
