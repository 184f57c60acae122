import type { OutboxItem, OutboxKind, OutboxMessage } from "../../../domain/outbox/outbox.js";
import type { RetryNotice } from "../../../outbound/index.js";
import type { AppContext } from "../../../services.js";
import type { ChannelTarget, RetryObserver, TeamsSender } from "../teamsSender.js";
import { COORDINATION_WARD, namedChannelKey, type NamedChannel } from "../coordination.js";

/** What a delivery kind may do: send through the sender, read and record through the store, and settle its item. */
export interface DeliveryContext {
  /** The services, for the views and cards a kind renders. */
  readonly services: AppContext;
  readonly sender: TeamsSender;
  readonly store: AppContext["store"];
  readonly clock: AppContext["clock"];
  readonly logger: AppContext["logger"];
  /** Recorded delivered: sent, or (`not needed`) overtaken by events, e.g. a reminder for a referral since completed. */
  done(outcome?: "sent" | "not needed"): Promise<void>;
  /** Counts the item delivered and logs it ("outbox item posted", or `line`), for a kind that records its delivery in its own transaction. */
  sent(more?: Record<string, unknown>, line?: string): void;
  /** Counts and logs an item settled without sending, for a kind that records it in its own transaction. */
  notNeeded(more?: Record<string, unknown>): void;
  /** The item's log fields: ids, kinds and counts only, never a crime reference or anything about the victim. */
  logged(more?: Record<string, unknown>): Record<string, unknown>;
  /** Reports each retry of a call for this item. */
  retries(): RetryObserver;
  /** Nothing to send it to: held, with the reason, until the channel is bound (which releases it), not retried. */
  holdUntilBound(reason: string): Promise<void>;
  /** The ward has no working channel: the item waits (nothing is lost) and the coordination channel is told once. */
  waitForWard(wardCode: string, alert: "unbound_ward" | "binding_broken"): Promise<void>;
  /**
   * The named channel — of `unit.bcu` if that BCU has its own, else (unless `ownOnly`) the force's — or undefined with
   * the item held until an HCOP names it.
   */
  coordinationChannel(channel?: NamedChannel, unit?: { bcu: string | undefined; ownOnly?: boolean }): Promise<ChannelTarget | undefined>;
}

/** Delivers one kind of outbox message; it settles the item (done, held) or throws for the runner to dead-letter. */
export type DeliveryHandler<K extends OutboxKind> = (item: OutboxItem, message: Extract<OutboxMessage, { kind: K }>, ctx: DeliveryContext) => Promise<void>;

/** The context for delivering one item. */
export function deliveryContext(deps: AppContext, sender: TeamsSender, item: OutboxItem): DeliveryContext {
  const { store, clock, logger, metrics } = deps;
  const kind = item.message.kind;
  const logged = (more: Record<string, unknown> = {}): Record<string, unknown> => ({
    outboxId: item.id,
    kind: item.message.kind,
    ...(item.wardCode ? { wardCode: item.wardCode } : {}),
    attempts: item.attempts,
    ...more,
  });
  const sent = (more: Record<string, unknown> = {}, line = "outbox item posted"): void => {
    metrics.outboxSettled.inc({ kind, outcome: "delivered" });
    logger.info(logged(more), line);
  };
  const notNeeded = (more: Record<string, unknown> = {}): void => {
    metrics.outboxSettled.inc({ kind, outcome: "not_needed" });
    logger.info(logged({ ...more, outcome: "not needed" }), "outbox item settled without sending");
  };
  const holdUntilBound = async (reason: string): Promise<void> => {
    await store.transaction((tx) => tx.outbox.waitForBinding(item.id, reason));
    metrics.outboxSettled.inc({ kind, outcome: "held" });
    logger.info(logged({ reason }), "outbox item held: no channel to send it to");
  };
  return {
    services: deps,
    sender,
    store,
    clock,
    logger,
    logged,
    sent,
    notNeeded,
    holdUntilBound,
    async done(outcome = "sent") {
      await store.transaction((tx) => tx.outbox.markDelivered(item.id, clock.now()));
      if (outcome === "sent") sent();
      else notNeeded();
    },
    retries() {
      return (retry: RetryNotice) => {
        metrics.outboxRetries.inc({ kind, status: String(retry.status) });
        logger.info(logged({ callAttempt: retry.attempt, reason: typeof retry.status === "number" ? `HTTP ${retry.status}` : retry.status, retryInMs: retry.delayMs }), "outbox item retried");
      };
    },
    async waitForWard(wardCode, alert) {
      await holdUntilBound(alert === "unbound_ward" ? "ward not bound to a channel" : "bot removed from the channel");
      const dedupeKey = `alert:${alert}:${wardCode}`;
      try {
        await store.transaction((tx) => tx.outbox.enqueue({ message: { kind: "coordination_alert", alert, wardCode }, wardCode: COORDINATION_WARD, dedupeKey }, clock.now()));
      } catch (error) {
        // Two items of the ward raced to raise the same alert: one is enough.
        if (!(await store.repos.outbox.isPending(dedupeKey))) throw error;
      }
    },
    async coordinationChannel(channel = "coordination", unit) {
      const bcu = unit?.bcu;
      const own = bcu === undefined ? undefined : await store.repos.settings.get(namedChannelKey(channel, bcu));
      const stored = own ?? (bcu !== undefined && unit?.ownOnly ? undefined : await store.repos.settings.get(namedChannelKey(channel)));
      if (stored) return JSON.parse(stored) as ChannelTarget;
      // Nowhere to say it yet: it is held until an HCOP names the channel (the bind command releases it).
      await holdUntilBound(`no ${channel} channel set`);
      return undefined;
    },
  };
}
