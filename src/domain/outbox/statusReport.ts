import type { OutboxKind } from "./outbox.js";
import type { HeldGroup } from "./held.js";

/** An item's state as operators see it: `leased` is pending and being delivered by a live (or recently dead) worker. */
export type OutboxState = "pending" | "leased" | "held" | "dead" | "delivered";

export interface DeadLetter {
  id: number;
  kind: OutboxKind;
  wardCode: string | undefined;
  attempts: number;
  lastError: string | undefined;
  createdAt: Date;
}

export interface OutboxStatusReport {
  at: Date;
  /** Items by kind, then by state (states with none left out). */
  byKind: Partial<Record<OutboxKind, Partial<Record<OutboxState, number>>>>;
  /** Age of the oldest item that is due or being delivered; undefined when none is. */
  oldestPendingSeconds: number | undefined;
  dead: DeadLetter[];
  held: HeldGroup[];
}

export type RetryDeadResult = { ok: true; kind: OutboxKind } | { ok: false; reason: "unknown" | "not_dead"; state?: OutboxState };
