import { randomUUID } from "node:crypto";
import type { OutboxItem } from "../../domain/outbox/outbox.js";
import { ConversationGoneError, DeliveryFailedError } from "../../outbound/index.js";
import type { AppContext } from "../../services.js";
import type { TeamsSender } from "./teamsSender.js";
import { LeaseHeartbeat } from "./leaseHeartbeat.js";
import { COORDINATION_WARD } from "./coordination.js";
import { deliveryContext, deliveryOf, type DeliveryContext } from "./kinds/index.js";

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
 * Delivers the outbox: leases due items, holds them (heartbeat, one queue per ward), hands each to its kind's handler
 * (kinds/index.ts: post a referral card, edit it, reply in its thread, alert the coordination channel…), and settles what
 * the handler could not: a ward's channel gone (the item waits for the ward), anything else thrown (dead letter).
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

  /** Delivers one item through its kind's handler, which settles it; a throw dead-letters it (or waits for the ward). */
  private async deliver(item: OutboxItem): Promise<void> {
    const log = this.deps.logger.child({ outboxId: item.id, kind: item.message.kind });
    const ctx = deliveryContext(this.deps, this.sender, item);
    try {
      await deliveryOf(item.message.kind)(item, item.message, ctx);
    } catch (error) {
      await this.failed(item, ctx, error, log);
    }
  }

  /** A delivery that threw: its ward's channel gone (the item waits for the ward), else dead-lettered and the coordination channel told. */
  private async failed(item: OutboxItem, ctx: DeliveryContext, error: unknown, log: AppContext["logger"]): Promise<void> {
    const { store, clock } = this.deps;
    const wardCode = item.wardCode;
    if (error instanceof ConversationGoneError && wardCode && wardCode !== COORDINATION_WARD) {
      log.warn({ wardCode }, "Teams says the bot is gone from the ward's channel: binding marked broken");
      const binding = await store.repos.bindings.get(wardCode);
      await store.transaction(async (tx) => {
        if (binding) await tx.bindings.setStatusForChannel(binding.channelId, "broken");
        await tx.events.append({ actor: "system", action: "binding.broken", subjectType: "ward", subjectId: wardCode, details: { channelId: binding?.channelId } }, clock.now());
      });
      return ctx.waitForWard(wardCode, "binding_broken");
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
    this.deps.metrics.outboxSettled.inc({ kind: item.message.kind, outcome: "dead_letter" });
  }
}
