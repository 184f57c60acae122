import type { Referral } from "../../domain/referrals/referral.js";
import type { ActionOutcome } from "../../domain/referrals/referralService.js";
import type { AdaptiveCardJson } from "../cards/render.js";
import type { ActionContext, ActionResult } from "./action.js";
import { outcomeCard } from "./views.js";

/** Turns a state-change outcome into the clicker's answer; `invalid` (a form error) is handled by the form's own action. */
export async function cardForOutcome(ctx: ActionContext, outcome: ActionOutcome, onInvalid?: (errors: Record<string, string>, referral: Referral) => Promise<AdaptiveCardJson>): Promise<ActionResult> {
  if (outcome.kind === "not_found") return { refused: "no such referral", status: 404 };
  if (outcome.kind === "refused") return { refused: outcome.reason, status: 403 };
  if (outcome.kind === "invalid") {
    if (!onInvalid) throw new Error("form errors from an action without a form");
    return { card: await onInvalid(outcome.errors, outcome.referral) };
  }
  return { card: await outcomeCard(ctx, outcome) };
}
