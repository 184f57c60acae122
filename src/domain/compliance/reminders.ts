import type { Clock } from "../clock.js";
import type { Logger } from "../../log.js";
import type { Store } from "../ports.js";
import { COORDINATION_WARD, type ThreadReminderStage } from "../outbox/outbox.js";
import type { QuietHours, WorkingCalendar } from "../workingTime/index.js";
import type { ReferralFact } from "./facts.js";

export interface ReminderSettings {
  /** "Due soon" means within this many working hours of the contact due time. */
  dueSoonWorkingHours: number;
  /** Overdue by more than this many working hours: escalate to the supervisors and the coordination channel. */
  escalateAfterWorkingHours: number;
  /** At most this many reminders and escalated referrals per run: a backlog is worked off, not dumped at once. */
  capPerRun: number;
  /** Log what would be sent; send and record nothing. */
  dryRun: boolean;
  quietHours: QuietHours;
}

export type ReminderStage = ThreadReminderStage | "escalated";

export interface ReminderRunReport {
  skipped: "quiet hours" | undefined;
  queued: { referralId: number; crimeRef: string; stage: ReminderStage }[];
  escalatedWards: string[];
  /** Due but left for the next run because of the cap. */
  deferred: number;
}

const HOUR = 3_600_000;

/** The stage a referral is at now, or undefined when it needs no nagging. Pure. */
export function reminderStage(f: ReferralFact, now: Date, calendar: WorkingCalendar, settings: ReminderSettings): ReminderStage | undefined {
  const overdueBy = f.status === "posted" || f.status === "claimed" ? calendar.workingMillisBetween(f.contactDueAt, now) : -1;
  if (overdueBy > settings.escalateAfterWorkingHours * HOUR) return "escalated";
  if (f.status === "posted") return now > f.claimDueAt ? "claim_overdue" : undefined;
  if (f.status !== "claimed") return undefined;
  if (now > f.contactDueAt) return "contact_overdue";
  return calendar.workingMillisBetween(now, f.contactDueAt) <= settings.dueSoonWorkingHours * HOUR ? "contact_due_soon" : undefined;
}

/**
 * Chases open referrals: an unclaimed one past its claim time gets a reply in its thread to the ward team; a claimed one
 * due within four working hours, or overdue, gets a reply @mentioning the claimant; one overdue past the margin is
 * escalated, grouped per ward in one message. Each referral gets at most one reminder per stage (recorded in the same
 * transaction as the message); nothing is sent in quiet hours — it waits for the next run.
 */
export class ReminderService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly calendar: WorkingCalendar,
    private readonly settings: ReminderSettings,
    private readonly logger: Logger,
  ) {}

  async run(): Promise<ReminderRunReport> {
    const now = this.clock.now();
    const report: ReminderRunReport = { skipped: undefined, queued: [], escalatedWards: [], deferred: 0 };
    if (this.calendar.isQuietTime(now, this.settings.quietHours)) return { ...report, skipped: "quiet hours" };
    const open = await this.store.repos.reporting.referralFacts({ statuses: ["posted", "claimed"] });
    const already = await this.store.repos.reminders.queued(open.map((f) => f.referralId));
    const due = open
      .map((f) => ({ f, stage: reminderStage(f, now, this.calendar, this.settings) }))
      .filter((x): x is { f: ReferralFact; stage: ReminderStage } => x.stage !== undefined && !already.has(`${x.f.referralId}:${x.stage}`))
      .sort((a, b) => a.f.contactDueAt.getTime() - b.f.contactDueAt.getTime());
    const chosen = due.slice(0, this.settings.capPerRun);
    report.deferred = due.length - chosen.length;
    report.queued = chosen.map(({ f, stage }) => ({ referralId: f.referralId, crimeRef: f.crimeRef, stage }));
    const escalations = new Map<string, number[]>();
    for (const { f, stage } of chosen) {
      if (stage !== "escalated") continue;
      const ward = escalations.get(f.wardCode);
      if (ward) ward.push(f.referralId);
      else escalations.set(f.wardCode, [f.referralId]);
    }
    report.escalatedWards = [...escalations.keys()].sort();

    if (this.settings.dryRun) {
      for (const q of report.queued) this.logger.info({ dryRun: true, referralId: q.referralId, stage: q.stage }, "reminder would be sent");
      return report;
    }
    if (chosen.length === 0) return report;
    await this.store.transaction(async (tx) => {
      for (const { f, stage } of chosen) {
        await tx.reminders.add(f.referralId, stage, now);
        if (stage !== "escalated") await tx.outbox.enqueue({ message: { kind: "reminder", referralId: f.referralId, stage, claimedBy: f.claimedBy }, wardCode: f.wardCode }, now);
      }
      for (const [wardCode, referralIds] of escalations) {
        await tx.outbox.enqueue({ message: { kind: "escalation", wardCode, referralIds }, wardCode: COORDINATION_WARD }, now);
        await tx.events.append({ actor: "system", action: "referrals.escalated", subjectType: "ward", subjectId: wardCode, details: { referralIds } }, now);
      }
    });
    return report;
  }
}
