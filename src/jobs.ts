import { randomUUID } from "node:crypto";
import { JobScheduler, type Job } from "./domain/jobs/scheduler.js";
import { dailyAt, every, weeklyAt } from "./domain/jobs/schedule.js";
import { COORDINATION_WARD, INSPECTORS_WARD } from "./domain/outbox/outbox.js";
import type { AppContext } from "./services.js";
import { namedChannelKey } from "./teams/outbox/coordination.js";
import { RetentionService } from "./domain/retention/retentionService.js";
import { SYSTEM_ACTOR } from "./domain/events.js";

/**
 * The scheduled work: reminders and escalations, the daily digest (coordination), the weekly digest (inspectors), and
 * the nightly retention purge.
 */
export function createJobs(deps: AppContext): Job[] {
  const { config, store, clock } = deps;
  const digest = (kind: "daily" | "weekly"): Job["run"] => async (slot) => {
    const wardCode = kind === "weekly" ? INSPECTORS_WARD : COORDINATION_WARD;
    const channel = kind === "weekly" ? "inspectors" : "coordination";
    // The force's digest, and one for each BCU that has its own channel.
    const ownChannels: string[] = [];
    for (const bcu of await store.repos.wards.bcus()) if (await store.repos.settings.get(namedChannelKey(channel, bcu))) ownChannels.push(bcu);
    const superseded = await store.transaction(async (tx) => {
      // A digest still held for want of a channel is replaced by this newer one: binding late brings one, not a backlog.
      const dropped = await tx.outbox.discardHeldDigests(kind);
      for (const bcu of [undefined, ...ownChannels]) {
        await tx.outbox.enqueue({ message: { kind: "digest", digest: kind, slot: slot.toISOString(), ...(bcu && { bcu }) }, wardCode }, clock.now());
      }
      return dropped;
    });
    if (superseded > 0) deps.logger.info({ digest: kind, dropped: superseded }, "held digests replaced by the newer one");
    deps.outboxSignal.nudge();
  };
  const jobs: Job[] = [
    {
      name: "reminders",
      schedule: every(config.reminders.intervalMinutes),
      run: async () => {
        const report = await deps.reminders.run();
        deps.logger.info({ queued: report.queued.length, escalatedWards: report.escalatedWards.length, deferred: report.deferred, skipped: report.skipped, dryRun: config.reminders.dryRun }, "reminders run");
        if (report.queued.length > 0) deps.outboxSignal.nudge();
      },
    },
    { name: "daily-digest", schedule: dailyAt(config.digests.dailyAt, config.timeZone), run: digest("daily") },
    { name: "weekly-digest", schedule: weeklyAt(config.digests.weekly.weekday, config.digests.weekly.at, config.timeZone), run: digest("weekly") },
    {
      name: "retention",
      schedule: dailyAt("02:30", config.timeZone),
      run: async () => {
        const report = await new RetentionService(store, clock).purge({ olderThanDays: config.retention.days, actor: SYSTEM_ACTOR });
        const summary = { cases: report.cases, events: report.events, cutoff: report.cutoff.toISOString() };
        if (report.eventsRefused) deps.logger.error({ ...summary, problem: report.eventsRefused.message }, "retention purge: the audit log is broken, so no events were pruned");
        else deps.logger.info(summary, "retention purge");
      },
    },
  ];
  return jobs;
}

/** Ticks the scheduler in-process. Every instance ticks; the database leases make each slot run once. */
export function startJobs(deps: AppContext, tickMs = 30_000): { scheduler: JobScheduler; stop(): void } {
  const scheduler = new JobScheduler(deps.store, deps.clock, createJobs(deps), `instance-${randomUUID()}`);
  const tick = () =>
    void scheduler.tick().then(
      (runs) => {
        for (const run of runs) {
          // Slots another instance ran, or not yet due, are not this instance's runs.
          if (run.outcome === "ran" || run.outcome === "failed") deps.metrics.jobRuns.inc({ job: run.job, outcome: run.outcome });
          if (run.outcome === "failed") deps.logger.error({ job: run.job, err: run.error }, "scheduled job failed");
        }
      },
      (error: unknown) => deps.logger.error({ err: error }, "job scheduler tick failed"),
    );
  const timer = setInterval(tick, tickMs);
  timer.unref();
  tick();
  return { scheduler, stop: () => clearInterval(timer) };
}
