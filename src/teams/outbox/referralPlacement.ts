import type { Referral } from "../../domain/referrals/referral.js";
import type { WardBinding } from "../../domain/wards/ward.js";
import { everyoneCard } from "../actions/views.js";
import type { AppContext } from "../../services.js";
import type { PostedCard, RetryObserver, TeamsSender } from "./teamsSender.js";

/** Graph's times are Teams' clock, the attempts' are ours: look this much further back. */
const CLOCK_MARGIN_MS = 5 * 60_000;

/**
 * Puts the referral's card in its ward's channel exactly once. A referral still waiting to be posted but with post
 * attempts recorded was being posted when a worker died, or its post failed with an unknown outcome: Teams may hold the
 * card already. So before posting again, the channel is looked at (one Graph call, messages since the first attempt),
 * and a card found there becomes the referral's card. Not there: the card is posted again. Graph cannot tell: posted
 * again too (at least once, logged), and a copy that then shows twice explains itself when clicked (strayCopy.ts).
 */
export async function placeReferralCard(deps: AppContext, sender: TeamsSender, referral: Referral, binding: WardBinding, onRetry?: RetryObserver): Promise<{ card: PostedCard; found: boolean }> {
  const { store, clock } = deps;
  const attempts = await store.repos.referralCards.postAttempts(referral.id);
  const since = new Date((attempts[0]?.sentAt ?? clock.now()).getTime() - CLOCK_MARGIN_MS);
  let found = false;
  const findEarlier = async (nonces: readonly string[]): Promise<PostedCard | undefined> => {
    const team = await store.repos.teams.get(binding.teamId);
    const search = await sender.findCard(binding, team?.aadGroupId, nonces, since);
    if (search.outcome === "found") {
      found = true;
      return sender.foundPlacement(binding, search.messageId, search.nonce);
    }
    if (search.outcome === "unavailable") {
      deps.logger.warn({ referralId: referral.id, wardCode: referral.wardCode, attempts: nonces.length, reason: search.reason }, "could not look for an earlier post of a referral card: posting it again, it may show twice");
    }
    return undefined;
  };
  const earlier = attempts.length > 0 ? await findEarlier(attempts.map((a) => a.nonce)) : undefined;
  const card =
    earlier ??
    (await sender.postCard(binding, {
      render: (nonce) => everyoneCard(deps, { ...referral, status: "posted" }, nonce),
      recordAttempt: (nonce) => store.transaction((tx) => tx.referralCards.recordPostAttempt(referral.id, { nonce, sentAt: clock.now() })),
      findEarlier,
    }, onRetry));
  return { card, found };
}
