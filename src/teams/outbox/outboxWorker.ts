import { randomUUID } from "node:crypto";
import { MessageFactory } from "botbuilder";
import type { OutboxItem, OutboxMessage } from "../../domain/outbox/outbox.js";
import type { Referral } from "../../domain/referrals/referral.js";
import { ConversationGoneError, DeliveryFailedError } from "../../outbound/index.js";
import { alertCard } from "../cards/referralCards.js";
import { cardAttachment } from "../cards/render.js";
import type { BotDeps } from "../deps.js";
import { everyoneCard } from "../actions/views.js";
import { coordinationAlertView } from "../views/alerts.js";
import type { ChannelTarget, Placement, TeamsSender } from "./teamsSender.js";
import { escalationMessage, threadReminder } from "./reminderMessages.js";
import { COORDINATION_WARD, NAMED_CHANNELS, type NamedChannel } from "./coordination.js";

export interface OutboxWorkerOptions {
  /** Items leased per round. */
  batch: number;
  /** How long a leased item is ours; longer than the gateway's longest retry, so a live worker never loses one. */
  leaseMs: number;
  pollMs: number;
}

export const DEFAULT_OUTBOX_OPTIONS: OutboxWorkerOptions = { batch: 100, leaseMs: 15 * 60_000, pollMs: 1_000 };

/**
 * Delivers the outbox: posts referral cards, edits them, replies in threads, alerts the coordination channel.
 * Items are leased in the database, so two bot instances never deliver the same item at once; an item whose worker
 * died is picked up again when its lease runs out. A send is recorded delivered in the transaction that stores its
 * result (the card's activity id), so a restart never repeats a delivered item.
 */
export class OutboxWorker {
  private readonly owner = `worker-${randomUUID()}`;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(
    private readonly deps: BotDeps,
    private readonly sender: TeamsSender,
    private readonly options: OutboxWorkerOptions = DEFAULT_OUTBOX_OPTIONS,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Deliver now instead of at the next poll (after a transaction that queued something). */
  nudge(): void {
    if (!this.stopped && this.timer) this.schedule(0);
  }

  /** One round: lease due items and deliver them. Returns how many were leased. */
  runOnce(): Promise<number> {
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Rounds until nothing is due (tests, shutdown). */
  async drain(): Promise<void> {
    while ((await this.runOnce()) > 0);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.runOnce()
        .catch((error: unknown) => this.deps.logger.error({ err: error }, "outbox round failed"))
        .finally(() => {
          if (!this.stopped) this.schedule(this.options.pollMs);
        });
    }, ms);
    this.timer.unref();
  }

  private async round(): Promise<number> {
    const items = await this.deps.store.transaction((tx) => tx.outbox.claimDue(this.owner, this.deps.clock.now(), this.options.batch, this.options.leaseMs));
    // One ward's items go out one after another, in the order they were queued (its cards appear in referral
    // order); different wards' channels are delivered side by side, paced by the gateway.
    const byWard = new Map<string, OutboxItem[]>();
    for (const item of items) byWard.set(item.wardCode ?? "", [...(byWard.get(item.wardCode ?? "") ?? []), item]);
    await Promise.all(
      [...byWard.values()].map(async (queue) => {
        for (const item of queue) await this.deliver(item);
      }),
    );
    return items.length;
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
    if (!referral) return this.done(item);
    const target = await store.repos.bindings.get(referral.wardCode);
    if (!target) return this.waitForWard(item, referral.wardCode, "unbound_ward");
    if (target.status === "broken") return this.waitForWard(item, referral.wardCode, "binding_broken");

    if (message.kind === "post_referral") {
      if (referral.status !== "to_post") return this.done(item);
      const placement = await this.sender.postCard(target, await everyoneCard(this.deps, { ...referral, status: "posted" }));
      await store.transaction(async (tx) => {
        const at = clock.now();
        await tx.referrals.markPosted(referral.id, placement, at);
        await tx.outbox.markDelivered(item.id, at);
        await tx.events.append({ actor: "system", action: "referral.posted", subjectType: "case", subjectId: referral.crimeRef, details: { referralId: referral.id, channelId: placement.channelId } }, at);
      });
      return;
    }
    const placement = placementOf(referral);
    // Not posted yet: the post will show the latest state.
    if (!placement) return this.done(item);
    if (message.kind === "reminder") return this.remind(item, message, referral, target, placement);
    if (message.kind === "update_card") {
      await this.sender.updateCard(target, placement, await everyoneCard(this.deps, referral));
      await store.transaction((tx) => tx.outbox.markCardUpdatesDelivered(referral.id, item.id, clock.now()));
      return;
    }
    // statement_notice: addressed to the investigation, in the case's own thread; the crime reference only.
    await this.sender.reply(target, placement, MessageFactory.text(
      `**For the investigation of ${referral.crimeRef}:** the victim has told ${referral.claimedByName ?? "the neighbourhood officer"} they wish to give a statement. Please contact them through the usual route to arrange it.`,
    ));
    await store.transaction(async (tx) => {
      const at = clock.now();
      await tx.outbox.markDelivered(item.id, at);
      await tx.events.append({ actor: "system", action: "referral.statement_notice_sent", subjectType: "case", subjectId: referral.crimeRef, details: { referralId: referral.id } }, at);
    });
  }

  /** A reminder is sent only if the referral is still where it was when the reminder was decided. */
  private async remind(item: OutboxItem, message: Extract<OutboxMessage, { kind: "reminder" }>, referral: Referral, target: ChannelTarget, placement: Placement): Promise<void> {
    const applies = message.stage === "claim_overdue" ? referral.status === "posted" : referral.status === "claimed" && referral.claimedBy === message.claimedBy;
    if (applies) await this.sender.reply(target, placement, threadReminder(message.stage, referral, this.deps.format));
    await this.deps.store.transaction(async (tx) => {
      const at = this.deps.clock.now();
      await tx.outbox.markDelivered(item.id, at);
      await tx.events.append({ actor: "system", action: applies ? "reminder.sent" : "reminder.cancelled", subjectType: "case", subjectId: referral.crimeRef, details: { referralId: referral.id, stage: message.stage } }, at);
    });
  }

  private async coordinationChannel(item: OutboxItem, channel: NamedChannel = "coordination"): Promise<ChannelTarget | undefined> {
    const stored = await this.deps.store.repos.settings.get(NAMED_CHANNELS[channel].settingKey);
    if (stored) return JSON.parse(stored) as ChannelTarget;
    // Nowhere to say it yet: it waits until an HCOP names the channel.
    await this.deps.store.transaction((tx) => tx.outbox.waitForBinding(item.id, `no ${channel} channel set`));
    return undefined;
  }

  private async escalate(item: OutboxItem, message: Extract<OutboxMessage, { kind: "escalation" }>): Promise<void> {
    const { store } = this.deps;
    const referrals = (await Promise.all(message.referralIds.map((id) => store.repos.referrals.get(id)))).filter((r): r is Referral => r !== undefined && (r.status === "posted" || r.status === "claimed"));
    if (referrals.length === 0) return this.done(item);
    const target = await this.coordinationChannel(item);
    if (!target) return;
    const ward = (await store.repos.wards.get(message.wardCode)) ?? { code: message.wardCode, name: message.wardCode };
    const supervisors = await store.repos.people.supervisorsOf(message.wardCode);
    await this.sender.postMessage(target, escalationMessage(ward, referrals, supervisors, this.deps.config.reminders.escalateAfterWorkingHours, this.deps.format));
    await this.done(item);
  }

  private async digest(item: OutboxItem, message: Extract<OutboxMessage, { kind: "digest" }>): Promise<void> {
    const target = await this.coordinationChannel(item, message.digest === "weekly" ? "inspectors" : "coordination");
    if (!target) return;
    const card = await this.deps.digests.card(message.digest, new Date(message.slot));
    await this.sender.postMessage(target, MessageFactory.attachment(cardAttachment(card)));
    await this.done(item);
  }

  private async alert(item: OutboxItem): Promise<void> {
    if (item.message.kind !== "coordination_alert") return;
    const target = await this.coordinationChannel(item);
    if (!target) return;
    await this.sender.postMessage(target, MessageFactory.attachment(cardAttachment(alertCard(await coordinationAlertView(this.deps, item.message)))));
    await this.done(item);
  }

  private done(item: OutboxItem): Promise<void> {
    return this.deps.store.transaction((tx) => tx.outbox.markDelivered(item.id, this.deps.clock.now()));
  }

  /** The ward has no working channel: the item waits (nothing is lost) and the coordination channel is told once. */
  private async waitForWard(item: OutboxItem, wardCode: string, alert: "unbound_ward" | "binding_broken"): Promise<void> {
    const { store, clock } = this.deps;
    await store.transaction((tx) => tx.outbox.waitForBinding(item.id, alert === "unbound_ward" ? "ward not bound to a channel" : "bot removed from the channel"));
    const dedupeKey = `alert:${alert}:${wardCode}`;
    try {
      await store.transaction((tx) => tx.outbox.enqueue({ message: { kind: "coordination_alert", alert, wardCode }, wardCode: COORDINATION_WARD, dedupeKey }, clock.now()));
    } catch (error) {
      // Two items of the ward raced to raise the same alert: one is enough.
      if (!(await store.repos.outbox.isPending(dedupeKey))) throw error;
    }
  }

  private async failed(item: OutboxItem, error: unknown, log: BotDeps["logger"]): Promise<void> {
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
    log.error({ err: error instanceof DeliveryFailedError ? undefined : error, reason }, "outbox item dead-lettered");
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
