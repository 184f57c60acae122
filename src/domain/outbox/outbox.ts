/** What Reassure has to say to Teams, recorded in the transaction that decided it and delivered later by the worker. */
export type OutboxMessage =
  | { kind: "post_referral"; referralId: number }
  | { kind: "update_card"; referralId: number }
  | { kind: "statement_notice"; referralId: number }
  | { kind: "coordination_alert"; alert: "unbound_ward" | "binding_broken" | "delivery_failed"; wardCode?: string; referralId?: number };

export type OutboxKind = OutboxMessage["kind"];

export interface OutboxItem {
  id: number;
  message: OutboxMessage;
  wardCode: string | undefined;
  attempts: number;
  createdAt: Date;
}

export interface NewOutboxItem {
  message: OutboxMessage;
  wardCode?: string;
  /** At most one pending item per key (e.g. one "ward unbound" alert per ward). */
  dedupeKey?: string;
  waitingForBinding?: boolean;
}
