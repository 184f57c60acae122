export interface RetryPolicy {
  /** Attempts in all, the first included, before a job is dead-lettered. */
  maxAttempts: number;
  /** Full-jitter backoff: attempt n waits uniform [0, min(maxDelayMs, baseDelayMs · 2^(n−1))). */
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * A Retry-After longer than this dead-letters the job at once: we never retry before the server's time,
   * and we will not hold a conversation's queue hostage to an absurd one (a clock-skewed HTTP-date, say).
   */
  maxRetryAfterMs: number;
  /** Per-attempt timeout; Teams itself gives up on a bot after ~15 s. */
  attemptTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 10 * 60_000,
  attemptTimeoutMs: 15_000,
};

export type RetryDecision =
  | { action: "retry"; delayMs: number }
  | { action: "give-up"; reason: "attempts-exhausted" | "retry-after-too-long" };

/**
 * Full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"): spreads retries from many
 * conversations that failed together, which a fixed exponential delay would keep in lockstep.
 * `random` returns [0, 1), like Math.random.
 */
export function backoffDelayMs(failedAttempts: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempts - 1));
  return random() * ceiling;
}

export function decideRetry(
  failedAttempts: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
  random: () => number,
): RetryDecision {
  if (failedAttempts >= policy.maxAttempts) return { action: "give-up", reason: "attempts-exhausted" };
  if (retryAfterMs === undefined) return { action: "retry", delayMs: backoffDelayMs(failedAttempts, policy, random) };
  if (retryAfterMs > policy.maxRetryAfterMs) return { action: "give-up", reason: "retry-after-too-long" };
  return { action: "retry", delayMs: retryAfterMs };
}

export function validateRetryPolicy(policy: RetryPolicy): void {
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new RangeError(`maxAttempts must be a positive integer, got ${policy.maxAttempts}`);
  }
  if (!(policy.attemptTimeoutMs > 0)) {
    throw new RangeError(`attemptTimeoutMs must be positive, got ${policy.attemptTimeoutMs}`);
  }
  for (const key of ["baseDelayMs", "maxDelayMs", "maxRetryAfterMs"] as const) {
    if (!(policy[key] >= 0)) throw new RangeError(`${key} must be non-negative, got ${policy[key]}`);
  }
}
