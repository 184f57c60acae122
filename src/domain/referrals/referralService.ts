import type { Clock } from "../clock.js";
import type { Caller, Role } from "../people/roles.js";
import { hasAnyRole } from "../people/roles.js";
import { holdsIn } from "../people/scope.js";
import type { CardPlacement, ReferralChanges, Repositories, Store } from "../ports.js";
import { checkAttempt, checkCompletion, mayCloseUnableToContact, type AttemptEntry, type CompletionEntry, type Entered, type FormErrors, type UnableToContactRule } from "./contactRules.js";
import type { Attempt, CompletedContact, Referral, ReferralAction } from "./referral.js";
import { isOwnRepeat } from "./repeatedClick.js";

export type { ReferralAction } from "./referral.js";
export type { CardPlacement } from "../ports.js";

export type ActionOutcome =
  | { kind: "changed"; referral: Referral }
  /** The caller's own change, already made (Teams re-delivered the click, or they clicked twice): answered as its success; nothing written again. */
  | { kind: "repeated"; referral: Referral }
  /** The click was based on an older state (someone else acted first, or more has happened since): nothing changed. */
  | { kind: "stale"; referral: Referral }
  | { kind: "denied"; referral: Referral; message: string }
  | { kind: "invalid"; referral: Referral; errors: FormErrors }
  /** The channel's own checks on the stored referral refused the request (see Admission): nothing changed. */
  | { kind: "refused"; reason: string }
  | { kind: "not_found" };

/**
 * What the channel a request came through checks on the stored referral before anything changes — for a card click,
 * that it came from the referral's own card (`card`: where it was posted). Made on the rows the change reads, in its
 * transaction. A reason refuses.
 */
export type Admission = (referral: Referral, card: CardPlacement | undefined) => string | undefined;

export interface ReassignTarget {
  aadObjectId: string;
  displayName: string;
}

const CLAIMERS = ["officer", "supervisor"] as const;

/** Supervisors oversee any ward's referrals; an HCOP those of the BCUs they are HCOP for (force-wide: all). */
function oversees(caller: Caller, referral: Referral): boolean {
  return caller.roles.has("supervisor") || holdsIn(caller, ["hcop"], referral.bcu);
}

export const REVOKED_CLAIMANT_MESSAGE =
  "You no longer hold the officer or supervisor role, so you cannot work on this referral any more: a supervisor or the HCOP will release or reassign it.";

/**
 * The claimant of a referral who no longer holds a role that may claim (moved on, suspended): their claim stays until a
 * supervisor or the HCOP releases or reassigns it, but they may no longer act on it — it is victim contact.
 */
export function isRevokedClaimant(referral: Referral, caller: Caller): boolean {
  return referral.status === "claimed" && caller.aadObjectId !== undefined && caller.aadObjectId === referral.claimedBy && !hasAnyRole(caller, CLAIMERS);
}

/** What a successful change does to the referral besides `changes`: the answer is rendered from it, not re-read. */
type Applied = { changes: ReferralChanges; event: Record<string, unknown>; attempt?: Attempt; contact?: Referral["contact"] };

/**
 * The referral state machine: posted → claimed → (attempts) → completed | unable to contact, with release back to posted
 * and reassignment. Authorisation comes from the stored referral and the caller's identity, never from a card.
 * Every change is conditional on the version the caller saw, so of two simultaneous clicks exactly one wins and a
 * re-delivered click writes nothing (its clicker, if they won, is answered as if it had just succeeded); each change
 * writes its event and queues the card edit in the same transaction.
 */
export class ReferralService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly rules: { unableToContact: UnableToContactRule; localDay: (at: Date) => string },
  ) {}

  get(id: number): Promise<Referral | undefined> {
    return this.store.repos.referrals.get(id);
  }

  /** Where the referral's card is in Teams, once posted. */
  cardOf(id: number): Promise<CardPlacement | undefined> {
    return this.store.repos.referralCards.placement(id);
  }

  /** The referral, if the channel admits the request (see Admission); for requests that change nothing. */
  async getAdmitted(id: number, admit: Admission): Promise<{ referral: Referral } | { refused: string } | undefined> {
    const found = await this.store.repos.referrals.getWithCard(id);
    if (!found) return undefined;
    const refused = admit(found.referral, found.card);
    return refused === undefined ? { referral: found.referral } : { refused };
  }

  /** A click refused before any change (tampered, replayed, from the wrong place): kept as evidence, nothing else changes. */
  async recordRefusedAction(actor: string, verb: string, reason: string, subjectId: string): Promise<void> {
    await this.store.transaction((tx) => tx.events.append({ actor, action: "referral.action_refused", subjectType: "referral", subjectId, details: { verb, reason } }, this.clock.now()));
  }

  /**
   * Queues the edit of a stray copy of the referral's card into a notice, if the copy really is one: its nonce is one
   * of the referral's recorded post attempts and its thread is no referral's card (so a forged click cannot blank
   * another referral's card). Queued once per copy. False: not a stray copy.
   */
  async retireStrayCopy(referral: Referral, copy: { cardNonce: string; conversationId: string; activityId: string }): Promise<boolean> {
    const cards = this.store.repos.referralCards;
    if (!(await cards.postAttempts(referral.id)).some((a) => a.nonce === copy.cardNonce)) return false;
    if ((await cards.placedIn(copy.conversationId)) !== undefined) return false;
    await this.store.transaction((tx) =>
      tx.outbox.enqueue(
        { message: { kind: "retire_stray_copy", referralId: referral.id, conversationId: copy.conversationId, activityId: copy.activityId }, wardCode: referral.wardCode, dedupeKey: `stray:${copy.conversationId}` },
        this.clock.now(),
      ),
    );
    return true;
  }

  openClaimsOf(aadObjectId: string): Promise<Referral[]> {
    return this.store.repos.referrals.openClaimsOf(aadObjectId);
  }

  /** The open claims of someone who may no longer work on them (their role was revoked): a supervisor or the HCOP must release or reassign them. */
  async claimsLeftBehind(aadObjectId: string, roles: ReadonlySet<Role>): Promise<Referral[]> {
    return hasAnyRole({ roles }, CLAIMERS) ? [] : this.store.repos.referrals.openClaimsOf(aadObjectId);
  }

  /** What this caller may do with this referral now: drives which buttons their view of the card shows. */
  allowedActions(referral: Referral, caller: Caller): ReferralAction[] {
    const actions: ReferralAction[] = [];
    if (referral.status === "posted" && hasAnyRole(caller, CLAIMERS)) actions.push("claim");
    if (referral.status === "claimed") {
      const isClaimant = caller.aadObjectId !== undefined && caller.aadObjectId === referral.claimedBy && !isRevokedClaimant(referral, caller);
      if (isClaimant) {
        actions.push("attempt", "complete");
        if (mayCloseUnableToContact(referral.attempts, this.rules.unableToContact, this.rules.localDay)) actions.push("unable");
      }
      if (isClaimant || oversees(caller, referral)) actions.push("release");
      if (oversees(caller, referral)) actions.push("reassign");
    }
    return actions;
  }

  /** Why this caller may not do `action` to the referral now: the words a refused click is answered with. */
  whyNot(action: ReferralAction, referral: Referral, caller: Caller): string {
    return deniedMessage(action, referral, caller);
  }

  claim(id: number, version: number, caller: Caller, admit?: Admission): Promise<ActionOutcome> {
    return this.act(id, version, caller, admit, "claim", async (_tx, _r, at) => ({
      changes: { status: "claimed", claimedBy: caller.aadObjectId, claimedByName: caller.displayName, claimedAt: at },
      event: {},
    }));
  }

  release(id: number, version: number, caller: Caller, admit?: Admission): Promise<ActionOutcome> {
    return this.act(id, version, caller, admit, "release", async (_tx, r) => ({
      changes: { status: "posted", claimedBy: undefined, claimedByName: undefined, claimedAt: undefined },
      event: { releasedFrom: r.claimedBy },
    }));
  }

  reassign(id: number, version: number, caller: Caller, to: ReassignTarget, admit?: Admission): Promise<ActionOutcome> {
    return this.act(
      id,
      version,
      caller,
      admit,
      "reassign",
      async (_tx, r, at) => ({
        changes: { status: "claimed", claimedBy: to.aadObjectId, claimedByName: to.displayName, claimedAt: at },
        event: { from: r.claimedBy, to: to.aadObjectId },
      }),
      (details) => details.to === to.aadObjectId,
    );
  }

  /** `entry`: the form as parsed where it came in; its errors are reported only to someone who may record the attempt now. */
  recordAttempt(id: number, version: number, caller: Caller, entry: Entered<AttemptEntry>, admit?: Admission): Promise<ActionOutcome> {
    const attemptEvent = (attempt: Attempt) => ({ method: attempt.method, attemptedAt: attempt.attemptedAt.toISOString() });
    return this.act(
      id,
      version,
      caller,
      admit,
      "attempt",
      async (tx, r, at) => {
        const form = checkAttempt(entry, { notBefore: r.createdAt, now: at });
        if (!form.ok) return { errors: form.errors };
        await tx.referrals.addAttempt(r.id, form.value, caller.aadObjectId!, at);
        return { changes: {}, attempt: form.value, event: { ...attemptEvent(form.value), attempt: r.attempts.length + 1 } };
      },
      // A second submit with another time is another attempt: only the same form is the same click.
      (details, r) => {
        const form = checkAttempt(entry, { notBefore: r.createdAt, now: this.clock.now() });
        return form.ok && sameFields(details, attemptEvent(form.value));
      },
    );
  }

  complete(id: number, version: number, caller: Caller, entry: Entered<CompletionEntry>, admit?: Admission): Promise<ActionOutcome> {
    // Notes stay out of the event log: free text may hold personal details despite the reminder.
    const completionEvent = (c: CompletedContact) => ({ method: c.method, riskAssessment: c.riskAssessment, supportReferral: c.supportReferral, wantsStatement: c.wantsStatement });
    return this.act(
      id,
      version,
      caller,
      admit,
      "complete",
      async (tx, r, at) => {
        const form = checkCompletion(entry, { notBefore: r.createdAt, now: at });
        if (!form.ok) return { errors: form.errors };
        const c = form.value;
        await tx.referrals.saveContact(r.id, c, caller.aadObjectId!, at);
        // The investigation is told in the case thread; the notice carries the crime reference only.
        if (c.wantsStatement) await tx.outbox.enqueue({ message: { kind: "statement_notice", referralId: r.id }, wardCode: r.wardCode }, at);
        return {
          changes: { status: "completed", closedAt: at, closedBy: caller.aadObjectId },
          contact: { method: c.method, contactAt: c.contactAt, wantsStatement: c.wantsStatement },
          event: completionEvent(c),
        };
      },
      // The same form submitted again: the stored contact has its time, the event the rest.
      (details, r) => {
        const form = checkCompletion(entry, { notBefore: r.createdAt, now: this.clock.now() });
        return form.ok && sameFields(details, completionEvent(form.value)) && r.contact?.contactAt.getTime() === form.value.contactAt.getTime();
      },
    );
  }

  closeUnableToContact(id: number, version: number, caller: Caller, admit?: Admission): Promise<ActionOutcome> {
    return this.act(id, version, caller, admit, "unable", async (_tx, r, at) => ({
      changes: { status: "unable_to_contact", closedAt: at, closedBy: caller.aadObjectId },
      event: { attempts: r.attempts.length },
    }));
  }

  /**
   * One state change: the referral is read once, in the transaction, and everything is decided on that row — the
   * channel's admission, the version, the caller's right to act — and the answer is that row with the change applied.
   */
  private async act(
    id: number,
    version: number,
    caller: Caller,
    admit: Admission | undefined,
    action: ReferralAction,
    apply: (tx: Repositories, referral: Referral, at: Date) => Promise<Applied | { errors: FormErrors }>,
    sameInputs: (details: Record<string, unknown>, referral: Referral) => boolean = () => true,
  ): Promise<ActionOutcome> {
    const missed = async (repos: Pick<Repositories, "events">, referral: Referral): Promise<ActionOutcome> =>
      (await isOwnRepeat(repos, referral, version, caller.aadObjectId, action, (details) => sameInputs(details, referral))) ? { kind: "repeated", referral } : { kind: "stale", referral };
    return this.store.transaction(async (tx): Promise<ActionOutcome> => {
      const found = await tx.referrals.getWithCard(id);
      if (!found) return { kind: "not_found" };
      const { referral } = found;
      const refused = admit?.(referral, found.card);
      if (refused !== undefined) return { kind: "refused", reason: refused };
      if (referral.version !== version) return missed(tx, referral);
      if (!this.allowedActions(referral, caller).includes(action)) {
        return { kind: "denied", referral, message: deniedMessage(action, referral, caller) };
      }
      const at = this.clock.now();
      const result = await apply(tx, referral, at);
      if ("errors" in result) return { kind: "invalid", referral, errors: result.errors };
      const stamp = { lastChangedBy: caller.displayName, lastChangedAt: at };
      const changed = await tx.referrals.updateIfVersion(id, version, { ...result.changes, ...stamp }, at);
      // Lost the race to a simultaneous click: roll back anything `apply` wrote and show the winner's state.
      if (!changed) throw new LostRace();
      await tx.events.append({ actor: caller.aadObjectId!, action: `referral.${action}`, subjectType: "case", subjectId: referral.crimeRef, details: { referralId: id, ...result.event } }, at);
      await tx.outbox.enqueue({ message: { kind: "update_card", referralId: id }, wardCode: referral.wardCode }, at);
      return { kind: "changed", referral: applied(referral, result, stamp) };
    }).catch(async (error: unknown) => {
      if (!(error instanceof LostRace)) throw error;
      const referral = await this.store.repos.referrals.get(id);
      return referral ? missed(this.store.repos, referral) : { kind: "not_found" as const };
    });
  }
}

/** The referral as the conditional update left it: the same as reading it again, without the read. */
function applied(before: Referral, result: Applied, stamp: Pick<Referral, "lastChangedBy" | "lastChangedAt">): Referral {
  const { closedBy: _closedBy, ...changes } = result.changes;
  const attempts = result.attempt === undefined ? before.attempts : [...before.attempts, result.attempt].sort((a, b) => a.attemptedAt.getTime() - b.attemptedAt.getTime());
  return { ...before, ...changes, ...stamp, version: before.version + 1, attempts, contact: result.contact ?? before.contact };
}

class LostRace extends Error {}

function sameFields(details: Record<string, unknown>, expected: Record<string, unknown>): boolean {
  return Object.entries(expected).every(([key, value]) => details[key] === value);
}

function deniedMessage(action: ReferralAction, referral: Referral, caller: Caller): string {
  if (referral.status === "completed" || referral.status === "unable_to_contact" || referral.status === "expired") return "This referral is closed.";
  if (action === "claim") {
    if (referral.status === "claimed") return `Already claimed by ${referral.claimedByName ?? "another officer"}.`;
    return hasAnyRole(caller, CLAIMERS) ? "This referral cannot be claimed now." : "Only officers and supervisors with a Reassure role can claim referrals.";
  }
  if (referral.status !== "claimed") return "Claim the referral first.";
  if ((action === "release" || action === "reassign") && caller.roles.has("hcop") && !oversees(caller, referral) && caller.aadObjectId !== referral.claimedBy) {
    return `${referral.wardName} is in ${referral.bcu}, outside the BCUs you are HCOP for: its supervisors or its HCOP can ${action} this referral.`;
  }
  if (action === "reassign") return "Only a supervisor or the HCOP can reassign a referral.";
  if (isRevokedClaimant(referral, caller)) return REVOKED_CLAIMANT_MESSAGE;
  if (action === "unable" && caller.aadObjectId === referral.claimedBy) return "Record the unsuccessful attempts first: at least the required number, on two different days.";
  return `Only ${referral.claimedByName ?? "the officer who claimed it"}${action === "release" ? ", a supervisor or the HCOP" : ""} can do that.`;
}
