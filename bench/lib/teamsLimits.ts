import seedrandom from "seedrandom";
import { SlidingWindow, TEAMS_RATE_LIMITS, type RateLimits } from "../../src/outbound/index.js";
import type { Fault, FaultContext } from "../../src/simulation/fakeConnector.js";

/**
 * Teams' side of the rate limits, for the loopback fake connector: every call that would take a conversation past
 * 7 per second or 60 per 30 s (and 1,800 per hour), or the tenant past 50 per second, is answered 429 with
 * Retry-After, as Teams does; a refused call does not count against the limits. On top, a share of calls is refused
 * with a 429 at random, as Teams also does under load. Windows are counted on arrival, so calls the gateway started
 * just inside a window can land just outside it, as over a real network.
 */
export class TeamsLimiter {
  private readonly conversations = new Map<string, SlidingWindow[]>();
  private readonly tenant: SlidingWindow[];
  private readonly random: () => number;
  readonly counts = { accepted: 0, refusedOverLimit: 0, refusedInjected: 0 };
  /** Accepted calls per conversation. */
  readonly perConversation = new Map<string, number>();
  firstAcceptedAt = Number.NaN;
  lastAcceptedAt = Number.NaN;

  constructor(
    private readonly options: { injected429Rate: number; retryAfterSec: number; seed: string },
    private readonly limits: RateLimits = TEAMS_RATE_LIMITS,
  ) {
    this.tenant = limits.perTenant.map((l) => new SlidingWindow(l));
    this.random = seedrandom(options.seed);
  }

  /** For FakeConnector.failWith: a Fault to refuse the call, or undefined to carry it out. */
  readonly check = (call: FaultContext): Fault | undefined => {
    const now = performance.now();
    const key = call.conversationId ?? "";
    let windows = this.conversations.get(key);
    if (!windows) this.conversations.set(key, (windows = this.limits.perConversation.map((l) => new SlidingWindow(l))));
    const all = [...windows, ...this.tenant];
    const retryAfter = String(this.options.retryAfterSec);
    if (all.some((w) => w.waitMs(now) > 0)) {
      this.counts.refusedOverLimit++;
      return { status: 429, retryAfter };
    }
    if (this.random() < this.options.injected429Rate) {
      this.counts.refusedInjected++;
      return { status: 429, retryAfter };
    }
    for (const w of all) w.record(now);
    this.counts.accepted++;
    this.perConversation.set(key, (this.perConversation.get(key) ?? 0) + 1);
    if (Number.isNaN(this.firstAcceptedAt)) this.firstAcceptedAt = now;
    this.lastAcceptedAt = now;
    return undefined;
  };
}

/**
 * The least time from the first call to the last that the limits allow for these calls: the n-th call into a window
 * of `limit` per `windowMs` cannot start before floor((n − 1) / limit) × windowMs, for the tenant over all calls and
 * for each conversation over its own.
 */
export function lowerBoundMs(callsPerConversation: readonly number[], limits: RateLimits = TEAMS_RATE_LIMITS): number {
  const bound = (calls: number, windows: RateLimits["perTenant"]) => Math.max(0, ...windows.map((w) => Math.floor(Math.max(0, calls - 1) / w.limit) * w.windowMs));
  const total = callsPerConversation.reduce((sum, n) => sum + n, 0);
  return Math.max(bound(total, limits.perTenant), ...callsPerConversation.map((n) => bound(n, limits.perConversation)));
}
