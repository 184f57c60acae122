import type { TurnContext } from "botbuilder";
import type { CardPlacement } from "../../domain/referrals/referralService.js";
import type { AdaptiveCardJson } from "../cards/render.js";
import { strayCopyCard } from "../cards/referralCards.js";
import type { BotDeps } from "../deps.js";
import type { ParsedAction } from "./action.js";

/** On the referral's own thread, a button that names a copy must name the referral's card. */
export function cardCopyRefusal(parsed: ParsedAction, card: CardPlacement): string | undefined {
  return parsed.cardNonce !== undefined && parsed.cardNonce !== card.cardNonce ? "the card is not this referral's posted card" : undefined;
}

/**
 * A click refused as coming from another thread may be on a stray copy: a card Teams posted although its post's answer
 * was lost, when Microsoft Graph could not be asked whether it was there, so the card was posted again (see
 * referralPlacement.ts). It is one only if every fact agrees: it is in the referral's channel, not on the referral's
 * card, its nonce is one of the referral's recorded post attempts, and the thread is no referral's card (so a forged
 * click cannot blank another referral's card). The copy is then edited into a notice (through the outbox, once) and
 * the clicker sees the notice; nothing else changes. Undefined: not a stray copy, the refusal stands.
 */
export async function retireStrayCopy(turn: TurnContext, deps: BotDeps, parsed: ParsedAction): Promise<AdaptiveCardJson | undefined> {
  if (parsed.cardNonce === undefined) return undefined;
  const conversationId = turn.activity.conversation.id;
  const [channelId, activityId] = conversationId.split(";messageid=");
  if (!activityId) return undefined;
  const referral = await deps.referrals.get(parsed.referralId);
  const card = referral && (await deps.referrals.cardOf(referral.id));
  if (!referral || !card || card.channelId !== channelId || card.conversationId === conversationId || card.cardNonce === parsed.cardNonce) return undefined;
  if (!(await deps.referrals.retireStrayCopy(referral, { cardNonce: parsed.cardNonce, conversationId, activityId }))) return undefined;
  deps.logger.info({ referralId: referral.id, wardCode: referral.wardCode }, "a copy of a referral card posted twice was clicked: it is edited into a notice");
  return strayCopyCard();
}
