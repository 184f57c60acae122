/** At most `limit` calls in any window of `windowMs` milliseconds. */
export interface WindowLimit {
  limit: number;
  windowMs: number;
}

export interface RateLimits {
  /** Applied to each conversation (a channel thread, a channel, a chat) separately. */
  perConversation: readonly WindowLimit[];
  /** Applied to all calls the bot makes into one tenant. */
  perTenant: readonly WindowLimit[];
}

/**
 * Teams' documented bot limits (per bot per conversation: 7/s, 60/30 s, 1800/h; per app per tenant ≈50/s). Teams counts
 * a call when it arrives, which the gateway cannot see: it counts each call from when it starts until its answer, and
 * for the window after that (see SlidingWindow.begin), so no variation in network times can put too many calls into one
 * of Teams' windows. Microsoft says the values may change: they are configuration (the gateway's `limits`).
 */
export const TEAMS_RATE_LIMITS: RateLimits = {
  perConversation: [
    { limit: 7, windowMs: 1_000 },
    { limit: 60, windowMs: 30_000 },
    { limit: 1_800, windowMs: 3_600_000 },
  ],
  perTenant: [{ limit: 50, windowMs: 1_000 }],
};

export function validateRateLimits(limits: RateLimits): void {
  for (const window of [...limits.perConversation, ...limits.perTenant]) {
    if (!Number.isInteger(window.limit) || window.limit < 1 || !(window.windowMs > 0)) {
      throw new RangeError(`invalid rate window: ${window.limit} per ${window.windowMs} ms`);
    }
  }
}
