import type { StoredEvent } from "../events.js";
import type { Repositories } from "../ports.js";
import type { Referral, ReferralAction } from "./referral.js";

/** Every state change bumps the version and writes one `referral.<action>` event; a Record so a new action is not missed. */
const CHANGES: Record<ReferralAction, true> = { claim: true, release: true, attempt: true, complete: true, unable: true, reassign: true };
const CHANGE_EVENTS = new Set(Object.keys(CHANGES).map((action) => `referral.${action}`));

/**
 * Whether a click that found the referral one version on is the caller's own change coming back: Teams re-delivered the
 * invoke, or they clicked twice before their card was replaced. It is, when the one change since the version they saw
 * was this action, by them (the event's actor is their Entra id), with the same inputs (`sameInputs`, for forms). Then the
 * click is answered as its success; anyone else's click, or any other history, stays stale.
 */
export async function isOwnRepeat(
  repos: Pick<Repositories, "events">,
  referral: Referral,
  seenVersion: number,
  actor: string | undefined,
  action: ReferralAction,
  sameInputs: (details: Record<string, unknown>) => boolean,
): Promise<boolean> {
  if (actor === undefined || referral.version !== seenVersion + 1) return false;
  const change = lastChange(await repos.events.forSubject("case", referral.crimeRef), referral.id);
  return change !== undefined && change.action === `referral.${action}` && change.actor === actor && sameInputs(change.details);
}

/** The change that made the referral's current version: every version bump writes one of these events. */
function lastChange(events: readonly StoredEvent[], referralId: number): StoredEvent | undefined {
  return events.findLast((e) => CHANGE_EVENTS.has(e.action) && e.details.referralId === referralId);
}
