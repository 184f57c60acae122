/** Outbox items for the coordination channel wait under this pseudo-ward until the channel is set. */
export const COORDINATION_WARD = "#coordination";
/** Likewise for the inspectors' channel (weekly digest). */
export const INSPECTORS_WARD = "#inspectors";

/** What Reassure has to say to Teams, recorded in the transaction that decided it and delivered later by the worker. */
export type OutboxMessage =
  | { kind: "post_referral"; referralId: number }
  | { kind: "update_card"; referralId: number }
  | { kind: "statement_notice"; referralId: number }
  /** A copy of the referral's card that Teams holds twice (see PostAttempt) is edited into a notice saying so. */
  | { kind: "retire_stray_copy"; referralId: number; conversationId: string; activityId: string }
  | { kind: "coordination_alert"; alert: "unbound_ward" | "binding_broken" | "delivery_failed"; wardCode?: string; referralId?: number }
  /** A nag in the card's thread; cancelled at delivery if the referral has moved on. */
  | { kind: "reminder"; referralId: number; stage: ThreadReminderStage; claimedBy?: string }
  /** Overdue referrals of one ward, to the coordination channel with the ward's supervisors mentioned. */
  | { kind: "escalation"; wardCode: string; referralIds: number[] }
  /** `bcu`: the digest of one BCU, for that BCU's own channel; without it, the force's. */
  | { kind: "digest"; digest: "daily" | "weekly"; slot: string; bcu?: string };

export type ThreadReminderStage = "claim_overdue" | "contact_due_soon" | "contact_overdue";

export type OutboxKind = OutboxMessage["kind"];

export interface OutboxItem {
  id: number;
  message: OutboxMessage;
  wardCode: string | undefined;
  attempts: number;
  createdAt: Date;
  /**
   * The worker whose lease on this item ran out before it was delivered: another instance (taken over), or this one
   * before it restarted (recovered). Undefined for an item nobody had leased, or that was given back.
   */
  previousOwner?: string;
}

export interface NewOutboxItem {
  message: OutboxMessage;
  wardCode?: string;
  /** At most one pending item per key (e.g. one "ward unbound" alert per ward). */
  dedupeKey?: string;
  waitingForBinding?: boolean;
}
