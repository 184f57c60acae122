import { randomUUID } from "node:crypto";
import type { Clock } from "../clock.js";
import type { Repositories, Store } from "../ports.js";
import type { ChainBreak } from "../audit/chain.js";
import { checkPrefix } from "../audit/verifyLog.js";

const DAY_MS = 86_400_000;
const PRUNE_BATCH = 5000;

export interface PurgeOptions {
  olderThanDays: number;
  actor: string;
  /** Do everything, report it, and roll it back. */
  dryRun?: boolean;
  batchSize?: number;
}

export interface PurgeReport {
  /** Cases and events untouched since before this instant were due. */
  cutoff: Date;
  olderThanDays: number;
  dryRun: boolean;
  /** Closed cases pseudonymised. */
  cases: number;
  /** Events pruned from the start of the log. */
  events: number;
  /** Set when the log's oldest part is broken: nothing was pruned, so the evidence stays. */
  eventsRefused: ChainBreak | undefined;
}

/** The opaque reference a purged case keeps instead of its crime reference: unique, and meaningless outside Reassure. */
export const pseudonym = (): string => `purged-${randomUUID()}`;

export function retentionCutoff(now: Date, olderThanDays: number): Date {
  return new Date(now.getTime() - olderThanDays * DAY_MS);
}

class RollBack extends Error {}

/**
 * The retention purge (Data Protection Act 2018 Part 3: keep no longer than needed).
 *
 * Closed cases untouched for the retention period are pseudonymised, not deleted: the crime reference becomes an opaque
 * token and offence, strands and the contact's free text go, while the facts the statistics read — ward, dates, arm,
 * allocation, exclusion, referral status and times, contact method and time, outcome — stay as they were, so `/stats`
 * for old periods does not change; only the analysts' strand breakdown loses the purged cases, since strands
 * (special-category data) go. Allocation rows are never touched (database triggers forbid it).
 *
 * Events older than the retention period are pruned from the start of the log: the audit chain stays verifiable from
 * where the purge left it (the head records that link). The events of a purged case still name its crime reference until
 * they are that old themselves. Each step is recorded by an event.
 */
export class RetentionService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async purge(options: PurgeOptions): Promise<PurgeReport> {
    const { olderThanDays, actor, dryRun = false, batchSize = 500 } = options;
    const now = this.clock.now();
    const cutoff = retentionCutoff(now, olderThanDays);
    const report: PurgeReport = { cutoff, olderThanDays, dryRun, cases: 0, events: 0, eventsRefused: undefined };
    const subject = { subjectType: "retention", subjectId: cutoff.toISOString().slice(0, 10) };

    for (let afterId = 0; ; ) {
      const ids = await this.step(dryRun, async (tx) => {
        const due = await tx.retention.closedInactiveCases(cutoff, afterId, batchSize);
        if (due.length === 0) return due;
        await tx.retention.pseudonymise(new Map(due.map((id) => [id, pseudonym()])), now);
        await tx.events.append({ actor, action: "retention.cases_purged", ...subject, details: { cases: due.length, olderThanDays } }, now);
        return due;
      });
      report.cases += ids.length;
      if (ids.length < batchSize) break;
      afterId = ids.at(-1)!;
    }

    // A few thousand events per transaction: the head's lock, which every appender waits for, is held only briefly.
    const pruneSome = async (tx: Repositories): Promise<boolean> => {
      const head = await tx.audit.lockHead();
      const due = await tx.audit.lastSeqBefore(cutoff, head.prunedThroughSeq);
      const throughSeq = Math.min(due, head.prunedThroughSeq + PRUNE_BATCH);
      // Pruning must not destroy evidence: what goes, and its link to what stays, must verify first.
      const { problem, through } = await checkPrefix(tx.audit, head, throughSeq);
      report.eventsRefused = problem;
      if (problem) return true;
      const pruned = await tx.audit.prune(through, cutoff);
      if (pruned > 0) {
        await tx.events.append({ actor, action: "retention.events_pruned", ...subject, details: { events: pruned, throughSeq: through.seq, olderThanDays } }, now);
      }
      report.events += pruned;
      return throughSeq === due;
    };
    if (dryRun) {
      await this.step(true, async (tx) => {
        while (!(await pruneSome(tx)));
      });
    } else {
      while (!(await this.store.transaction(pruneSome)));
    }
    return report;
  }

  /** One transaction; in a dry run, its work is done and then rolled back, so the report is exactly what would happen. */
  private async step<T>(dryRun: boolean, work: (tx: Repositories) => Promise<T>): Promise<T> {
    if (!dryRun) return this.store.transaction(work);
    let result: T | undefined;
    try {
      await this.store.transaction(async (tx) => {
        result = await work(tx);
        throw new RollBack();
      });
    } catch (error) {
      if (!(error instanceof RollBack)) throw error;
    }
    return result as T;
  }
}
