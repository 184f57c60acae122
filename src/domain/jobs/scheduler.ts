import type { Clock } from "../clock.js";
import type { Store } from "../ports.js";
import type { Schedule } from "./schedule.js";

export interface Job {
  name: string;
  schedule: Schedule;
  /** Runs the work due at `slot`. Throwing leaves the slot not done: it is retried at the next tick. */
  run(slot: Date): Promise<void>;
}

export interface JobRun {
  job: string;
  slot: Date;
  outcome: "ran" | "not-due" | "held-elsewhere" | "failed";
  error?: unknown;
}

/**
 * Runs scheduled jobs so that, however many bot instances tick, each job's slot runs once: an instance must hold the
 * job's database lease to run it, and records the slot done before giving the lease back. After downtime only the
 * latest missed slot runs (a missed week is one digest, not one per missed tick).
 */
export class JobScheduler {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly jobs: readonly Job[],
    private readonly owner: string,
    private readonly leaseMs = 10 * 60_000,
  ) {}

  async tick(): Promise<JobRun[]> {
    const runs: JobRun[] = [];
    for (const job of this.jobs) runs.push(await this.tickJob(job));
    return runs;
  }

  private async tickJob(job: Job): Promise<JobRun> {
    const now = this.clock.now();
    const slot = job.schedule.latestSlot(now);
    const leases = this.store.repos.jobs;
    const lease = await leases.acquire(job.name, this.owner, now, this.leaseMs);
    if (!lease.acquired) return { job: job.name, slot, outcome: "held-elsewhere" };
    if (lease.lastSlot && lease.lastSlot.getTime() >= slot.getTime()) {
      await leases.release(job.name, this.owner);
      return { job: job.name, slot, outcome: "not-due" };
    }
    try {
      await job.run(slot);
      await leases.complete(job.name, this.owner, slot, this.clock.now());
      return { job: job.name, slot, outcome: "ran" };
    } catch (error) {
      await leases.release(job.name, this.owner);
      return { job: job.name, slot, outcome: "failed", error };
    }
  }
}
