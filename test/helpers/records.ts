import type { Store } from "../../src/domain/ports.js";
import type { Referral, ReferralStatus } from "../../src/domain/referrals/referral.js";
import type { ReferralFact, TrialFact } from "../../src/domain/compliance/facts.js";
import type { StoredEvent } from "../../src/domain/events.js";
import type { OutboxKind } from "../../src/domain/outbox/outbox.js";
import type { OutboxState } from "../../src/domain/outbox/statusReport.js";

/**
 * Reads for tests that check a domain fact (a referral's state, an event written, what the outbox holds) through the
 * store's repositories, the same reads the services make: no raw queries, so a test does not depend on the schema.
 */

/** A referral as the services see it (status, version, claim, attempts, contact); throws if there is none. */
export async function referral(store: Store, id: number): Promise<Referral> {
  const found = await store.repos.referrals.get(id);
  if (!found) throw new Error(`no referral ${id}`);
  return found;
}

/** The referral of the case with this crime reference; throws if the case has none. */
export async function referralOf(store: Store, crimeRef: string): Promise<Referral> {
  const fact = (await referralFacts(store)).find((f) => f.crimeRef === crimeRef);
  if (!fact) throw new Error(`no referral for case ${crimeRef}`);
  return referral(store, fact.referralId);
}

/** Every referral (optionally only those in these states), by id. */
export async function referralFacts(store: Store, statuses?: readonly ReferralStatus[]): Promise<ReferralFact[]> {
  const facts = await store.repos.reporting.referralFacts(statuses ? { statuses } : {});
  return facts.sort((a, b) => a.referralId - b.referralId);
}

/** Every referral (optionally only those in these states) as the services see it, by id. */
export async function referrals(store: Store, statuses?: readonly ReferralStatus[]): Promise<Referral[]> {
  return Promise.all((await referralFacts(store, statuses)).map((f) => referral(store, f.referralId)));
}

/** How many referrals are in this state. */
export async function countReferrals(store: Store, status: ReferralStatus): Promise<number> {
  return (await referralFacts(store, [status])).length;
}

/** Every allocation (randomised and rollout) with its case and referral state, in the order they were made. */
export function allocations(store: Store, filter: { wardCodes?: readonly string[] } = {}): Promise<TrialFact[]> {
  return store.repos.reporting.trialFacts(filter);
}

/** Every case received, eligible or not (the CONSORT flow's "assessed"). */
export function cases(store: Store) {
  return store.repos.reporting.assessedFacts({});
}

/** Every event of the log, oldest first; `action` keeps those with this action, or with this prefix when it ends in ".". */
export async function events(store: Store, action?: string): Promise<StoredEvent[]> {
  const all = (await store.repos.events.recent(1_000_000)).reverse();
  if (action === undefined) return all;
  return all.filter((e) => (action.endsWith(".") ? e.action.startsWith(action) : e.action === action));
}

/** How many outbox items of a kind are in a state (all states when none is given), as `reassure outbox status` counts them. */
export async function outboxCount(store: Store, kind: OutboxKind, state?: OutboxState, now = new Date()): Promise<number> {
  const states = (await store.repos.outbox.status(now)).byKind[kind] ?? {};
  return state ? (states[state] ?? 0) : Object.values(states).reduce((sum, n) => sum + n, 0);
}

/** Records a case's outcome as the CMS import would (the outcome date relative to allocation, which a CSV cannot say). */
export function writeOutcome(store: Store, caseId: number, outcome: { code: string; outcomeDate: Date }, at: Date): Promise<void> {
  return store.transaction((tx) => tx.outcomes.put(caseId, outcome, "test", "test", at));
}
