import { randomUUID } from "node:crypto";
import { MessageFactory } from "botbuilder";
import type { OutboxItem, OutboxMessage } from "../../domain/outbox/outbox.js";
import type { Referral } from "../../domain/referrals/referral.js";
import { ConversationGoneError, DeliveryFailedError, type RetryNotice } from "../../outbound/index.js";
import { isStaleDigest } from "../../domain/outbox/staleDigest.js";
import { alertCard, strayCopyCard } from "../cards/referralCards.js";
import { cardAttachment } from "../cards/render.js";
import type { AppContext } from "../../services.js";
import { everyoneCard } from "../actions/views.js";
import { coordinationAlertView } from "../views/alerts.js";
import type { ChannelTarget, Placement, RetryObserver, TeamsSender } from "./teamsSender.js";
import { LeaseHeartbeat } from "./leaseHeartbeat.js";
import { escalationMessage, threadReminder } from "./reminderMessages.js";
import { placeReferralCard } from "./referralPlacement.js";
import { COORDINATION_WARD, NAMED_CHANNELS, type NamedChannel } from "./coordination.js";

export interface OutboxWorkerOptions {
  /** Most items held (leased, not yet delivered) at once. */
  batch: number;
  /** How long a leased item is ours without a heartbeat; renewed every third of it while the worker holds the item. */
  leaseMs: number;
  /** How often to look for due items when nothing prompts a lease sooner (room freed in a backlog, a nudge). */
  pollMs: number;
  /** Stable across restarts of this instance and unique among live ones (workerIdentity.ts); else a fresh random id. */
  workerId?: string;
}

export const DEFAULT_OUTBOX_OPTIONS: OutboxWorkerOptions = { batch: 100, leaseMs: 30_000, pollMs: 1_000 };

/**
 * Delivers the outbox: posts referral cards, edits them, replies in threads, alerts the coordination channel.
 * Items are leased in the database, so two bot instances never deliver the same item at once. The lease is short and
 * renewed while the worker holds the item (LeaseHeartbeat), so a dead worker's items are taken over within about one
 * lease, and an instance restarted under the same identity takes back what it held at its first lease. A send is
 * recorded delivered in the transaction that stores its result (the card's activity id), so a restart never repeats a
 * delivered item; a card post in flight at a crash is found in the channel by its nonce (referralPlacement.ts).
 *
 * Leased items wait in one queue per ward. A ward's items go out one after another, in the order they were leased (its
 * cards appear in referral order); different wards' queues run side by side, paced by the gateway, so a slow ward (a
 * Retry-After, a deep queue) holds up only its own items, and a lease passes over a ward that holds a quarter of the
 * hand already. While leases come back full, more is due: the worker leases again as soon as half of what it holds is
 * delivered, without waiting for the slowest ward or for the next poll.
 */
export class OutboxWorker {
  private readonly owner: string;
  private readonly heartbeat: LeaseHeartbeat;
  /** The first lease also takes back what this instance held before a restart. */
  private reclaimed = false;
  /** Leased, undelivered items by ward; a ward is here exactly while its queue is being delivered. */
  private readonly queues = new Map<string, OutboxItem[]>();
  private readonly runners = new Set<Promise<void>>();
  private held = 0;
  /** The last lease found as many items as it asked for: more are probably due. */
  private moreDue = false;
  /** Wards the last lease left out for holding their share already: they may have more due. */
  private skipped = new Set<string>();
  private leasing: Promise<number> | undefined;
  /** Someone asked for a lease while one was under way: the items they know of may have been queued after it looked. */
  private leaseAgain = false;
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  private stopping = false;

  constructor(
    private readonly deps: AppContext,
    private readonly sender: TeamsSender,
    private readonly options: OutboxWorkerOptions = DEFAULT_OUTBOX_OPTIONS,
  ) {
    this.owner = options.workerId ?? `worker-${randomUUID()}`;
    this.heartbeat = new LeaseHeartbeat(deps, this.owner, options.leaseMs, (ids) => this.drop(ids));
  }

  /** The name this worker's leases carry. */
  get id(): string {
    return this.owner;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopping = false;
    this.poll();
  }

  /**
   * Leases nothing more, lets each ward finish the item it is sending, and gives back the leases of the items not
   * started, so another instance (or this one restarted) takes them at once instead of after the lease.
   */
  async stop(): Promise<void> {
    this.started = false;
    this.stopping = true;
    clearTimeout(this.timer);
    await this.settled();
    this.heartbeat.stop();
    const left = [...this.queues.values()].flat().map((item) => item.id);
    this.queues.clear();
    this.held = 0;
    if (left.length === 0) return;
    try {
      await this.deps.store.repos.outbox.release(this.owner, left);
    } catch (error) {
      this.deps.logger.warn({ err: error, items: left.length }, "could not give back leased outbox items; they wait for their lease to run out");
    }
  }

  /** Deliver now instead of at the next poll (after a transaction that queued something). */
  nudge(): void {
    if (this.started) this.leaseInBackground();
  }

  /** Delivers until nothing is due, including what delivering queues (tests; a running worker does this by itself). */
  async drain(): Promise<void> {
    let leased: number;
    do {
      await this.settled();
      leased = await this.lease();
    } while (!this.stopping && (leased > 0 || this.held > 0));
  }

  private poll(): void {
    void this.lease()
      .catch((error: unknown) => this.deps.logger.error({ err: error }, "outbox lease failed"))
      .finally(() => {
        if (!this.started) return;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.poll(), this.options.pollMs);
        this.timer.unref();
      });
  }

  private leaseInBackground(): void {
    void this.lease().catch((error: unknown) => this.deps.logger.error({ err: error }, "outbox lease failed"));
  }

  /** One lease at a time; a call during one gets a lease that starts after it. Resolves with the last lease's count. */
  private lease(): Promise<number> {
    this.leaseAgain = true;
    this.leasing ??= this.leaseWhileAsked().finally(() => (this.leasing = undefined));
    return this.leasing;
  }

  private async leaseWhileAsked(): Promise<number> {
    let leased = 0;
    while (this.leaseAgain && !this.stopping) {
      this.leaseAgain = false;
      const room = this.options.batch - this.held;
      // Full: deliveries will ask again once half is out (moreDue is left as it is).
      if (room <= 0) return 0;
      // A ward that already holds its share (a deep backlog, a throttled channel) leaves the room to the others.
      const skip = [...this.queues].filter(([ward, queue]) => ward !== "" && queue.length >= this.wardShare()).map(([ward]) => ward);
      const reclaim = !this.reclaimed;
      const items = await this.deps.store.transaction((tx) => tx.outbox.claimDue(this.owner, this.deps.clock.now(), room, this.options.leaseMs, skip, reclaim));
      this.reclaimed = true;
      this.moreDue = items.length === room;
      this.skipped = new Set(skip);
      this.hold(items);
      leased = items.length;
    }
    return leased;
  }

  private hold(items: readonly OutboxItem[]): void {
    this.held += items.length;
    this.heartbeat.hold(items.map((item) => item.id));
    for (const item of items) {
      if (item.previousOwner === this.owner) this.deps.logger.info({ outboxId: item.id, kind: item.message.kind, attempts: item.attempts }, "outbox item recovered from this instance's previous run");
      else if (item.previousOwner) this.deps.logger.info({ outboxId: item.id, kind: item.message.kind, attempts: item.attempts, previousOwner: item.previousOwner }, "outbox item taken over from a worker whose lease ran out");
      const ward = item.wardCode ?? "";
      const queue = this.queues.get(ward);
      if (queue) {
        queue.push(item);
        continue;
      }
      const fresh = [item];
      this.queues.set(ward, fresh);
      const runner = this.deliverInOrder(ward, fresh).finally(() => this.runners.delete(runner));
      this.runners.add(runner);
    }
  }

  /** Until every lease under way and every ward's queue has finished. */
  private async settled(): Promise<void> {
    while (this.leasing || this.runners.size > 0) await Promise.allSettled([this.leasing, ...this.runners]);
  }

  private async deliverInOrder(ward: string, queue: OutboxItem[]): Promise<void> {
    while (!this.stopping) {
      const item = queue.shift();
      if (item === undefined) {
        this.queues.delete(ward);
        return;
      }
      try {
        await this.deliver(item);
      } catch (error) {
        // The database failed while recording the outcome. The ward's other items stay leased, no longer renewed, and
        // come back in order with this one when the lease runs out; sending them now would put them ahead of it.
        this.deps.logger.error({ err: error, outboxId: item.id, held: queue.length }, "outbox item not recorded; the ward's leased items wait for their lease to run out");
        for (const left of [item, ...queue]) this.heartbeat.settle(left.id);
        this.held -= 1 + queue.length;
        this.queues.delete(ward);
        return;
      }
      this.heartbeat.settle(item.id);
      this.held -= 1;
      if (!this.leasing && this.shouldTopUp(ward, queue)) this.leaseInBackground();
    }
  }

  /** Items whose lease another worker has now (we could not renew in time): not ours to send any more. */
  private drop(ids: readonly number[]): void {
    const lost = new Set(ids);
    let dropped = 0;
    for (const queue of this.queues.values()) {
      for (let i = queue.length - 1; i >= 0; i--) {
        if (!lost.has(queue[i]!.id)) continue;
        queue.splice(i, 1);
        dropped += 1;
      }
    }
    this.held -= dropped;
    this.deps.logger.warn({ items: ids.length, dropped }, "outbox leases lost (not renewed in time, or settled elsewhere): those items are left to their new holder");
  }

  /**
   * Lease now rather than at the next poll when half the hand is free and the last lease came back full (more is due),
   * or when this ward, left out of the last lease for holding its share, is down to half of it.
   */
  private shouldTopUp(ward: string, queue: readonly OutboxItem[]): boolean {
    if (this.moreDue && this.held <= this.options.batch / 2) return true;
    return this.skipped.has(ward) && queue.length <= this.wardShare() / 2 && this.held < this.options.batch;
  }

  /** The most items of one ward a lease adds to: a quarter of the hand. */
  private wardShare(): number {
    return Math.max(1, Math.ceil(this.options.batch / 4));
  }

  private async deliver(item: OutboxItem): Promise<void> {
    const log = this.deps.logger.child({ outboxId: item.id, kind: item.message.kind });
    try {
      await this.handle(item);
    } catch (error) {
      await this.failed(item, error, log);
    }
  }

  private async handle(item: OutboxItem): Promise<void> {
    const { store, clock } = this.deps;
    const message = item.message;
    if (message.kind === "coordination_alert") return this.alert(item);
    if (message.kind === "escalation") return this.escalate(item, message);
    if (message.kind === "digest") return this.digest(item, message);
    const referral = await store.repos.referrals.get(message.referralId);
    if (!referral) return this.done(item, "not needed");
    const target = await store.repos.bindings.get(referral.wardCode);
    if (!target) return this.waitForWard(item, referral.wardCode, "unbound_ward");
    if (target.status === "broken") return this.waitForWard(item, referral.wardCode, "binding_broken");

    if (message.kind === "retire_stray_copy") {
      const copy = { channelId: target.channelId, conversationId: message.conversationId, activityId: message.activityId, serviceUrl: target.serviceUrl };
      // A copy deleted meanwhile needs no notice, and says nothing about the ward's channel (unlike a gone thread).
      await this.sender.updateCard(target, copy, strayCopyCard(), this.retries(item)).catch((error: unknown) => {
        if (!(error instanceof ConversationGoneError)) throw error;
      });
      return this.done(item);
    }
    if (message.kind === "post_referral") {
      if (referral.status !== "to_post") return this.done(item, "not needed");
      const { card, found } = await placeReferralCard(this.deps, this.sender, referral, target, this.retries(item));
      await store.transaction(async (tx) => {
        const at = clock.now();
        await tx.referrals.markPosted(referral.id, card, at);
        await tx.outbox.markDelivered(item.id, at);
        await tx.events.append({ actor: "system", action: "referral.posted", subjectType: "case", subjectId: referral.crimeRef, details: { referralId: referral.id, channelId: card.channelId, ...(found ? { foundInChannel: true } : {}) } }, at);
      });
      if (found) this.deps.logger.info(this.logged(item, { referralId: referral.id }), "outbox item found in the channel (posted before a crash or a lost answer): recorded, not posted again");
      else this.sent(item, { referralId: referral.id });
      return;
    }
    const placement = placementOf(referral);
    // Not posted yet: the post will show the latest state.
    if (!placement) return this.done(item, "not needed");
    if (message.kind === "reminder") return this.remind(item, message, referral, target, placement);
    if (message.kind === "update_card") {
      await this.sender.updateCard(target, placement, await everyoneCard(this.deps, referral), this.retries(item));
      await store.transaction((tx) => tx.outbox.markCardUpdatesDelivered(referral.id, item.id, clock.now()));
      this.sent(item, { referralId: referral.id });
      return;
    }
    // statement_notice: addressed to the investigation, in the case's own thread; the crime reference only.
    await this.sender.reply(target, placement, MessageFactory.text(
      `**For the investigation of ${referral.crimeRef}:** the victim has told ${referral.claimedByName ?? "the neighbourhood officer"} they wish to give a statement. Please contact them through the usual route to arrange it.`,
    ), this.retries(item));
    await store.transaction(async (tx) => {
      const at = clock.now();
      await tx.outbox.markDelivered(item.id, at);
      await tx.events.append({ actor: "system", action: "referral.statement_notice_sent", subjectType: "case", subjectId: referral.crimeRef, details: { referralId: referral.id } }, at);
    });
    this.sent(item, { referralId: referral.id });
  }

  /** A reminder is sent only if the referral is still where it was when the reminder was decided. */
  private async remind(item: OutboxItem, message: Extract<OutboxMessage, { kind: "reminder" }>, referral: Referral, target: ChannelTarget, placement: Placement): Promise<void> {
    const applies = message.stage === "claim_overdue" ? referral.status === "posted" : referral.status === "claimed" && referral.claimedBy === message.claimedBy;
    if (applies) await this.sender.reply(target, placement, threadReminder(message.stage, referral, this.deps.format), this.retries(item));
    await this.deps.store.transaction(async (tx) => {
      const at = this.deps.clock.now();
      await tx.outbox.markDelivered(item.id, at);
      await tx.events.append({ actor: "system", action: applies ? "reminder.sent" : "reminder.cancelled", subjectType: "case", subjectId: referral.crimeRef, details: { referralId: referral.id, stage: message.stage } }, at);
    });
    if (applies) this.sent(item, { referralId: referral.id });
    else this.deps.logger.info(this.logged(item, { referralId: referral.id, outcome: "not needed" }), "outbox item settled without sending");
  }

  private async coordinationChannel(item: OutboxItem, channel: NamedChannel = "coordination"): Promise<ChannelTarget | undefined> {
    const stored = await this.deps.store.repos.settings.get(NAMED_CHANNELS[channel].settingKey);
    if (stored) return JSON.parse(stored) as ChannelTarget;
    // Nowhere to say it yet: it is held until an HCOP names the channel (the bind command releases it).
    await this.holdUntilBound(item, `no ${channel} channel set`);
    return undefined;
  }

  private async escalate(item: OutboxItem, message: Extract<OutboxMessage, { kind: "escalation" }>): Promise<void> {
    const { store } = this.deps;
    const referrals = (await Promise.all(message.referralIds.map((id) => store.repos.referrals.get(id)))).filter((r): r is Referral => r !== undefined && (r.status === "posted" || r.status === "claimed"));
    if (referrals.length === 0) return this.done(item, "not needed");
    const target = await this.coordinationChannel(item);
    if (!target) return;
    const ward = (await store.repos.wards.get(message.wardCode)) ?? { code: message.wardCode, name: message.wardCode };
    const supervisors = await store.repos.people.supervisorsOf(message.wardCode);
    await this.sender.postMessage(target, escalationMessage(ward, referrals, supervisors, this.deps.config.reminders.escalateAfterWorkingHours, this.deps.format), this.retries(item));
    await this.done(item);
  }

  private async digest(item: OutboxItem, message: Extract<OutboxMessage, { kind: "digest" }>): Promise<void> {
    if (isStaleDigest(message.digest, new Date(message.slot), this.deps.clock.now())) {
      await this.deps.store.transaction((tx) => tx.outbox.discard(item.id));
      this.deps.logger.info(this.logged(item, { digest: message.digest, slot: message.slot }), "stale digest dropped: its period has passed (a newer digest covers it)");
      return;
    }
    const target = await this.coordinationChannel(item, message.digest === "weekly" ? "inspectors" : "coordination");
    if (!target) return;
    const card = await this.deps.digests.card(message.digest, new Date(message.slot));
    await this.sender.postMessage(target, MessageFactory.attachment(cardAttachment(card)), this.retries(item));
    await this.done(item);
  }

  private async alert(item: OutboxItem): Promise<void> {
    if (item.message.kind !== "coordination_alert") return;
    const target = await this.coordinationChannel(item);
    if (!target) return;
    await this.sender.postMessage(target, MessageFactory.attachment(cardAttachment(alertCard(await coordinationAlertView(this.deps, item.message)))), this.retries(item));
    await this.done(item);
  }

  /** Recorded delivered: sent, or (`not needed`) overtaken by events, e.g. a reminder for a referral since completed. */
  private async done(item: OutboxItem, outcome: "sent" | "not needed" = "sent"): Promise<void> {
    await this.deps.store.transaction((tx) => tx.outbox.markDelivered(item.id, this.deps.clock.now()));
    if (outcome === "sent") this.sent(item);
    else this.deps.logger.info(this.logged(item, { outcome }), "outbox item settled without sending");
  }

  /** Ids, kinds and counts only: never a crime reference or anything about the victim. */
  private logged(item: OutboxItem, more: Record<string, unknown> = {}): Record<string, unknown> {
    return { outboxId: item.id, kind: item.message.kind, ...(item.wardCode ? { wardCode: item.wardCode } : {}), attempts: item.attempts, ...more };
  }

  private sent(item: OutboxItem, more: Record<string, unknown> = {}): void {
    this.deps.logger.info(this.logged(item, more), "outbox item posted");
  }

  private retries(item: OutboxItem): RetryObserver {
    return (retry: RetryNotice) =>
      this.deps.logger.info(
        this.logged(item, { callAttempt: retry.attempt, reason: typeof retry.status === "number" ? `HTTP ${retry.status}` : retry.status, retryInMs: retry.delayMs }),
        "outbox item retried",
      );
  }

  /** Nothing to send it to: held, with the reason, until the channel is bound (which releases it), not retried. */
  private async holdUntilBound(item: OutboxItem, reason: string): Promise<void> {
    await this.deps.store.transaction((tx) => tx.outbox.waitForBinding(item.id, reason));
    this.deps.logger.info(this.logged(item, { reason }), "outbox item held: no channel to send it to");
  }

  /** The ward has no working channel: the item waits (nothing is lost) and the coordination channel is told once. */
  private async waitForWard(item: OutboxItem, wardCode: string, alert: "unbound_ward" | "binding_broken"): Promise<void> {
    const { store, clock } = this.deps;
    await this.holdUntilBound(item, alert === "unbound_ward" ? "ward not bound to a channel" : "bot removed from the channel");
    const dedupeKey = `alert:${alert}:${wardCode}`;
    try {
      await store.transaction((tx) => tx.outbox.enqueue({ message: { kind: "coordination_alert", alert, wardCode }, wardCode: COORDINATION_WARD, dedupeKey }, clock.now()));
    } catch (error) {
      // Two items of the ward raced to raise the same alert: one is enough.
      if (!(await store.repos.outbox.isPending(dedupeKey))) throw error;
    }
  }

  private async failed(item: OutboxItem, error: unknown, log: AppContext["logger"]): Promise<void> {
    const { store, clock } = this.deps;
    const wardCode = item.wardCode;
    if (error instanceof ConversationGoneError && wardCode && wardCode !== COORDINATION_WARD) {
      log.warn({ wardCode }, "Teams says the bot is gone from the ward's channel: binding marked broken");
      const binding = await store.repos.bindings.get(wardCode);
      await store.transaction(async (tx) => {
        if (binding) await tx.bindings.setStatusForChannel(binding.channelId, "broken");
        await tx.events.append({ actor: "system", action: "binding.broken", subjectType: "ward", subjectId: wardCode, details: { channelId: binding?.channelId } }, clock.now());
      });
      return this.waitForWard(item, wardCode, "binding_broken");
    }
    const reason = error instanceof DeliveryFailedError ? `gave up after ${error.attempts} attempts (${error.lastStatus ?? "no status"})` : (error as Error).message ?? String(error);
    log.error({ err: error instanceof DeliveryFailedError ? undefined : error, attempts: item.attempts, reason }, "outbox item dead-lettered");
    await store.transaction(async (tx) => {
      const at = clock.now();
      await tx.outbox.markDead(item.id, reason);
      if (item.message.kind !== "coordination_alert") {
        const referralId = "referralId" in item.message && typeof item.message.referralId === "number" ? item.message.referralId : undefined;
        await tx.outbox.enqueue({ message: { kind: "coordination_alert", alert: "delivery_failed", wardCode, referralId }, wardCode: COORDINATION_WARD }, at);
      }
    });
  }
}

function placementOf(r: Referral) {
  return r.channelId && r.conversationId && r.activityId && r.serviceUrl
    ? { channelId: r.channelId, conversationId: r.conversationId, activityId: r.activityId, serviceUrl: r.serviceUrl }
    : undefined;
}
