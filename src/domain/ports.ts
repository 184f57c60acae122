import type { EventInput, StoredEvent } from "./events.js";
import type { AllocationRecord, CaseInput, PendingCase, StoredCase } from "./cases/case.js";
import type { TrialRecord } from "./allocation/trial.js";
import type { RecordedAllocation } from "./allocation/types.js";
import type { Attempt, CompletedContact, Referral } from "./referrals/referral.js";
import type { NewOutboxItem, OutboxItem } from "./outbox/outbox.js";
import type { HeldGroup } from "./outbox/held.js";
import type { OutboxStatusReport, RetryDeadResult } from "./outbox/statusReport.js";
import type { ReportingRepository } from "./compliance/reportingRepository.js";
import type { Role, RoleHolding } from "./people/roles.js";
import type { ChannelInfo, TeamInstallation } from "./teams/installation.js";
import type { Ward, WardBinding, BindingStatus, WardMode, WardServiceLevels } from "./wards/ward.js";
import type { AuditHead, ChainLink } from "./audit/chain.js";
import type { AuditReader } from "./audit/verifyLog.js";

// The storage interfaces the domain depends on. Implementations live in src/store (Prisma); the domain never sees them.

export interface WardRepository {
  get(code: string): Promise<Ward | undefined>;
  list(): Promise<Ward[]>;
  codes(): Promise<string[]>;
  upsert(ward: Ward): Promise<void>;
  setMode(code: string, mode: WardMode): Promise<void>;
  serviceLevels(code: string): Promise<WardServiceLevels | undefined>;
  setServiceLevels(code: string, levels: WardServiceLevels): Promise<void>;
  /** Every BCU's name, with or without wards. */
  bcus(): Promise<string[]>;
  addBcu(name: string): Promise<void>;
  /** Cases held per ward code (wards without cases left out). */
  caseCounts(): Promise<Map<string, number>>;
}

export interface BindingRepository {
  get(wardCode: string): Promise<WardBinding | undefined>;
  list(): Promise<WardBinding[]>;
  put(binding: WardBinding): Promise<void>;
  remove(wardCode: string): Promise<boolean>;
  setStatusForChannel(channelId: string, status: BindingStatus): Promise<string[]>;
  setStatusForTeam(teamId: string, status: BindingStatus): Promise<string[]>;
}

export interface TeamRepository {
  recordInstall(team: TeamInstallation, at: Date): Promise<void>;
  recordRemoval(teamId: string, at: Date): Promise<void>;
  get(teamId: string): Promise<(TeamInstallation & { removedAt: Date | undefined }) | undefined>;
  putChannel(channel: ChannelInfo): Promise<void>;
  markChannelDeleted(channelId: string, at: Date): Promise<void>;
  getChannel(channelId: string): Promise<(ChannelInfo & { deletedAt: Date | undefined }) | undefined>;
}

export interface PersonRecord {
  aadObjectId: string;
  teamsUserId: string | undefined;
  displayName: string | undefined;
  /** Each role once, wherever held. */
  roles: Role[];
  /** Each role with where it is held (force-wide or one BCU). */
  holdings: RoleHolding[];
}

export interface PeopleRepository {
  get(aadObjectId: string): Promise<PersonRecord | undefined>;
  /** Keeps the display name and Teams id current; creates the person if new. */
  touch(person: { aadObjectId: string; teamsUserId?: string | undefined; displayName?: string | undefined }): Promise<void>;
  rolesOf(aadObjectId: string): Promise<Role[]>;
  grant(aadObjectId: string, holding: RoleHolding, by: string, at: Date): Promise<boolean>;
  revoke(aadObjectId: string, holding: RoleHolding): Promise<boolean>;
  listWithRoles(): Promise<PersonRecord[]>;
  withRole(role: Role): Promise<PersonRecord[]>;
  /**
   * The Teams ids of everyone holding one of `roles` (force-wide or, given `bcu`, for that BCU), and of `people` (by
   * Entra id, listed first), where Teams has told us theirs.
   */
  teamsIdsOf(roles: readonly Role[], people: readonly string[], bcu?: string): Promise<string[]>;
  /** Wards a supervisor oversees. */
  supervisedWards(aadObjectId: string): Promise<string[]>;
  /** Supervisors of a ward, with their Teams ids where known (for escalation @mentions). */
  supervisorsOf(wardCode: string): Promise<PersonRecord[]>;
  setSupervision(aadObjectId: string, wardCode: string, by: string, at: Date): Promise<boolean>;
  removeSupervision(aadObjectId: string, wardCode: string): Promise<boolean>;
}

export interface EventRepository {
  append(event: EventInput, at: Date): Promise<void>;
  appendMany(events: readonly EventInput[], at: Date): Promise<void>;
  forSubject(subjectType: string, subjectId: string): Promise<StoredEvent[]>;
  recent(limit: number): Promise<StoredEvent[]>;
}

export interface AuditRepository extends AuditReader {
  /** Holds the head's lock for the rest of the transaction (appenders wait) and returns the head. */
  lockHead(): Promise<AuditHead>;
  /** The last seq of the longest run of chained events after `afterSeq` that are all older than `before`. */
  lastSeqBefore(before: Date, afterSeq: number): Promise<number>;
  /** Deletes chained events up to `through` and unchained ones older than `before`; the chain then starts at `through`. */
  prune(through: ChainLink, before: Date): Promise<number>;
}

export interface RetentionRepository {
  /**
   * Cases not yet purged that are closed — never allocated, or their referral completed, unable to contact or expired,
   * or BAU with an outcome — and untouched since `before` (case, allocation, referral, exclusion, outcome): ids ascending.
   */
  closedInactiveCases(before: Date, afterId: number, limit: number): Promise<number[]>;
  /** Gives each case its token as crime reference and drops offence, strands and the contact's free text. */
  pseudonymise(tokens: ReadonlyMap<number, string>, at: Date): Promise<void>;
}

export interface CaseRepository {
  findByRefs(crimeRefs: readonly string[]): Promise<StoredCase[]>;
  createMany(cases: readonly CaseInput[], at: Date): Promise<void>;
  update(id: number, changes: Partial<CaseInput>, at: Date): Promise<void>;
  /** Eligible or not, unallocated cases with their ward's mode; all of them, or those with the given references. */
  /** Unallocated cases, oldest first; `bcus`: only those of wards in these BCUs. */
  pending(filter: { crimeRefs?: readonly string[]; limit: number; afterId?: number; bcus?: readonly string[] }): Promise<PendingCase[]>;
  /** The BCU of each known case's ward, by crime reference. */
  unitsOf(crimeRefs: readonly string[]): Promise<Map<string, string>>;
  idsByRefs(crimeRefs: readonly string[]): Promise<Map<string, number>>;
  countIneligibleUnallocated(): Promise<number>;
}

export interface TrialRepository {
  /** Locks the trial row for the rest of the transaction (allocation batches run one at a time) and returns it. */
  lock(trialId: number): Promise<TrialRecord | undefined>;
  get(trialId: number): Promise<TrialRecord | undefined>;
  create(trial: TrialRecord): Promise<void>;
  /** Hands out `count` consecutive sequence indices of a stratum; returns the first. */
  reserve(trialId: number, stratum: string, count: number): Promise<number>;
  advanceChain(trialId: number, listHash: string, added: number): Promise<void>;
  strataCounts(trialId: number): Promise<Map<string, number>>;
}

export interface AllocationRepository {
  createMany(allocations: readonly AllocationRecord[]): Promise<void>;
  /** Randomised allocations of the trial in the order they were made. */
  randomised(trialId: number): Promise<(RecordedAllocation & { id: number; caseId: number })[]>;
  excludeAfterRandomisation(caseId: number, reason: string, by: string, at: Date): Promise<boolean>;
}

export interface NewReferral {
  caseId: number;
  wardCode: string;
  claimDueAt: Date;
  contactDueAt: Date;
}

/** What a state change may set on a referral; `version` is bumped by the repository. */
export type ReferralChanges = Partial<
  Pick<Referral, "status" | "claimedBy" | "claimedByName" | "claimedAt" | "closedAt" | "lastChangedBy" | "lastChangedAt">
> & { closedBy?: string | undefined };

/**
 * Where a referral's card is in Teams: its channel, the thread it starts and the card's activity. Kept beside the
 * referral for the Teams layer (posting, editing, replying, checking that a click came from the card), never part of
 * the domain's Referral.
 */
export interface CardPlacement {
  channelId: string;
  conversationId: string;
  activityId: string;
  serviceUrl: string;
  /** The nonce in the posted card's action data (see PostAttempt); cards posted before nonces carry none. */
  cardNonce?: string;
}

/** One attempt to post a referral's card, recorded before the call to Teams (its outcome may never have come back). */
export interface PostAttempt {
  nonce: string;
  sentAt: Date;
}

export interface ReferralRepository {
  /** Creates referrals in state "to post"; returns their ids in the same order. */
  createToPost(referrals: readonly NewReferral[], at: Date): Promise<number[]>;
  get(id: number): Promise<Referral | undefined>;
  /** The referral and where its card is, in one read: a click is admitted on both, in its transaction. */
  getWithCard(id: number): Promise<{ referral: Referral; card: CardPlacement | undefined } | undefined>;
  /** Applies the changes only if the referral is still at `version` (optimistic concurrency); false if it moved on. */
  updateIfVersion(id: number, version: number, changes: ReferralChanges, at: Date): Promise<boolean>;
  addAttempt(id: number, attempt: Attempt, by: string, at: Date): Promise<void>;
  saveContact(id: number, contact: CompletedContact, by: string, at: Date): Promise<void>;
  openClaimsOf(aadObjectId: string): Promise<Referral[]>;
  waitingToPost(wardCode: string): Promise<number[]>;
}

/** The referral cards' Teams side: where each card was posted and every attempt to post it. */
export interface ReferralCardRepository {
  /** Records where the card landed and moves the referral from "to post" to "posted". */
  markPosted(referralId: number, placement: CardPlacement, at: Date): Promise<void>;
  placement(referralId: number): Promise<CardPlacement | undefined>;
  /** The referral whose posted card starts this thread, if any. */
  placedIn(conversationId: string): Promise<number | undefined>;
  recordPostAttempt(referralId: number, attempt: PostAttempt): Promise<void>;
  /** Every attempt to post the referral's card, oldest first. */
  postAttempts(referralId: number): Promise<PostAttempt[]>;
}

export interface OutboxRepository {
  enqueue(item: NewOutboxItem, at: Date): Promise<void>;
  /** Like `enqueue` for each item, in order, in a few statements (allocation queues a card per SRC case). */
  enqueueMany(items: readonly NewOutboxItem[], at: Date): Promise<void>;
  /**
   * Leases up to `limit` due items to `owner` until `now + leaseMs`, oldest first; other workers skip leased items.
   * Items of `skipWards` are left for later (the worker holds enough of theirs already). `reclaimOwn`: also the items
   * still leased to `owner` (a restarted instance taking back what it held before it died, without waiting out the lease).
   */
  claimDue(owner: string, now: Date, limit: number, leaseMs: number, skipWards?: readonly string[], reclaimOwn?: boolean): Promise<OutboxItem[]>;
  /** Extends `owner`'s leases on these pending items to `until` (the heartbeat); returns the ids it still holds. */
  renew(owner: string, ids: readonly number[], until: Date): Promise<number[]>;
  /** Gives back `owner`'s leases on these items undelivered (a stopping worker), so any worker may take them at once. */
  release(owner: string, ids: readonly number[]): Promise<void>;
  markDelivered(id: number, at: Date): Promise<void>;
  /** Also marks delivered every other pending card update for the same referral: one edit shows the latest state. */
  markCardUpdatesDelivered(referralId: number, upToId: number, at: Date): Promise<void>;
  reschedule(id: number, nextAttemptAt: Date, error: string): Promise<void>;
  markDead(id: number, error: string): Promise<void>;
  waitForBinding(id: number, error: string): Promise<void>;
  /** The ward is bound again: its waiting items become due. Returns how many. */
  releaseWaiting(wardCode: string, at: Date): Promise<number>;
  /** Removes an item that will never be delivered (a stale digest); the event log, not the outbox, is the record. */
  discard(id: number): Promise<void>;
  /** Removes the held digests of one kind (a newer one replaces them); returns how many. */
  discardHeldDigests(digest: "daily" | "weekly"): Promise<number>;
  /** A dead letter becomes due again, its attempts counted afresh; says why not when it is not one. */
  retryDead(id: number, at: Date): Promise<RetryDeadResult>;
  /** What is held for want of a channel, grouped by (pseudo-)ward, kind and reason. */
  held(): Promise<HeldGroup[]>;
  /** The outbox at a glance, for operators (`reassure outbox status`). */
  status(now: Date): Promise<OutboxStatusReport>;
  counts(): Promise<Record<string, number>>;
  isPending(dedupeKey: string): Promise<boolean>;
}

export interface OutcomeRepository {
  get(caseId: number): Promise<{ code: string; outcomeDate: Date } | undefined>;
  put(caseId: number, outcome: { code: string; outcomeDate: Date }, by: string, source: string, at: Date): Promise<void>;
}

export interface ReminderRepository {
  /** "referralId:stage" for every reminder already queued for these referrals. */
  queued(referralIds: readonly number[]): Promise<Set<string>>;
  add(referralId: number, stage: string, at: Date): Promise<void>;
}

export interface JobLeaseRepository {
  /** Takes the job's lease if it is free or expired (a holder never re-enters); returns the last completed slot. */
  acquire(name: string, owner: string, now: Date, leaseMs: number): Promise<{ acquired: boolean; lastSlot: Date | undefined }>;
  complete(name: string, owner: string, slot: Date, at: Date): Promise<void>;
  release(name: string, owner: string): Promise<void>;
}

export interface SettingRepository {
  get(key: string): Promise<string | undefined>;
  put(key: string, value: string, by: string, at: Date): Promise<void>;
}

export interface Repositories {
  cases: CaseRepository;
  trials: TrialRepository;
  allocations: AllocationRepository;
  referrals: ReferralRepository;
  referralCards: ReferralCardRepository;
  outbox: OutboxRepository;
  settings: SettingRepository;
  reporting: ReportingRepository;
  jobs: JobLeaseRepository;
  reminders: ReminderRepository;
  outcomes: OutcomeRepository;
  wards: WardRepository;
  bindings: BindingRepository;
  teams: TeamRepository;
  people: PeopleRepository;
  events: EventRepository;
  audit: AuditRepository;
  retention: RetentionRepository;
  gauges: GaugeRepository;
}

/** The few numbers GET /metrics reads on each scrape: counts only, nothing about a case. */
export interface OperationalGauges {
  /** Undelivered outbox items: due or leased (pending), held for a channel, dead-lettered. */
  outbox: { pending: number; held: number; dead: number };
  /** When the oldest item still to deliver was queued; undefined when none is. */
  oldestPendingAt: Date | undefined;
  /** Open referrals past their contact due time, force-wide. */
  overdueReferrals: number;
}

export interface GaugeRepository {
  /** A bounded handful of aggregate statements, whatever the tables hold. */
  read(now: Date): Promise<OperationalGauges>;
}

export interface TransactionOptions {
  /**
   * How long the transaction may stay open before it is rolled back. The default, 20 s, suits interactive work, where a
   * transaction that long is a fault holding locks others wait for; bulk work passes BULK_TRANSACTION_TIMEOUT_MS.
   */
  timeoutMs?: number;
}

/**
 * For a transaction that writes a whole file: the largest allowed, 100,000 rows, took 23 s on SQLite and 37 s on
 * PostgreSQL on a busy 2-core machine (npm run bench -- --only import). Room for a slow disk or a loaded server, yet a
 * hung import does not hold its locks indefinitely.
 */
export const BULK_TRANSACTION_TIMEOUT_MS = 15 * 60_000;

/**
 * Reads may use `repos` directly; every change goes through `transaction`, together with the event that records it,
 * so that nothing is ever half-written.
 */
export interface Store {
  readonly provider: "sqlite" | "postgresql";
  readonly repos: Repositories;
  transaction<T>(work: (tx: Repositories) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Throws with a reason when the database is unreachable or its migrations are not all applied. */
  checkReady(): Promise<void>;
  close(): Promise<void>;
}
