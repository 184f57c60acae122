import type { AppContext } from "../../services.js";

/**
 * Renews the worker's leases on the items it holds, every third of the lease, so a live worker keeps its items however
 * long Teams makes them wait (Retry-After, a deep ward queue), while a dead one's run out within one lease. Renewal says
 * which items are no longer ours (another worker took them after we could not renew in time, or they were settled
 * elsewhere): the worker must not send those.
 */
export class LeaseHeartbeat {
  private readonly ids = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private beating = false;

  constructor(
    private readonly deps: AppContext,
    private readonly owner: string,
    private readonly leaseMs: number,
    private readonly onLost: (ids: readonly number[]) => void,
  ) {}

  hold(ids: readonly number[]): void {
    for (const id of ids) this.ids.add(id);
    if (this.timer || this.ids.size === 0) return;
    this.timer = setInterval(() => void this.beat(), Math.max(1, Math.floor(this.leaseMs / 3)));
    this.timer.unref();
  }

  settle(id: number): void {
    this.ids.delete(id);
    if (this.ids.size === 0) this.stop();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One renewal at a time: a slow database must not stack them up. */
  async beat(): Promise<void> {
    if (this.beating || this.ids.size === 0) return;
    this.beating = true;
    const ids = [...this.ids];
    try {
      const until = new Date(this.deps.clock.now().getTime() + this.leaseMs);
      const kept = new Set(await this.deps.store.repos.outbox.renew(this.owner, ids, until));
      // Settled while the renewal ran: not lost, just done.
      const lost = ids.filter((id) => !kept.has(id) && this.ids.has(id));
      for (const id of lost) this.ids.delete(id);
      if (lost.length > 0) this.onLost(lost);
    } catch (error) {
      this.deps.logger.warn({ err: error, items: ids.length }, "could not renew the outbox leases; trying again at the next heartbeat");
    } finally {
      this.beating = false;
    }
  }
}
