import type { Limit } from "./fakeTeams.js";

/**
 * Earliest possible start of each of `n` calls in one stream under sliding windows, where each call also
 * waits `gapMs` after the previous one started (a conversation's calls run one after another). Taking each
 * call as early as allowed is optimal for a single stream: its constraints only involve earlier calls, and
 * they only loosen as those move earlier.
 */
export function earliestStarts(n: number, limits: Limit[], gapMs = 0): number[] {
  const starts: number[] = [];
  for (let k = 0; k < n; k++) {
    let t = k === 0 ? 0 : (starts[k - 1] ?? 0) + gapMs;
    for (const { limit, windowMs } of limits) {
      if (k >= limit) t = Math.max(t, (starts[k - limit] ?? 0) + windowMs);
    }
    starts.push(t);
  }
  return starts;
}

/**
 * No scheduler can finish sooner: the busiest conversation alone needs its own windows, the tenant's
 * calls together need the tenant's, and the last call still takes `latencyMs` to answer.
 */
export function completionLowerBound(
  jobsPerConversation: number[],
  conversationLimits: Limit[],
  tenantLimits: Limit[],
  latencyMs: number,
): number {
  const last = (starts: number[]): number => starts[starts.length - 1] ?? 0;
  const total = jobsPerConversation.reduce((sum, n) => sum + n, 0);
  const perConversation = Math.max(
    ...jobsPerConversation.map((n) => last(earliestStarts(n, conversationLimits, latencyMs))),
  );
  const perTenant = last(earliestStarts(total, tenantLimits));
  return Math.max(perConversation, perTenant) + latencyMs;
}
