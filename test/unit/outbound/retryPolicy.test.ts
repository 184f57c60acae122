import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelayMs, decideRetry, DEFAULT_RETRY_POLICY, type RetryPolicy } from "../../../src/outbound/index.js";

const policy: RetryPolicy = DEFAULT_RETRY_POLICY;

describe("backoffDelayMs (full jitter)", () => {
  it("spans [0, base · 2^(n−1)) capped at 30 s, with the documented defaults", () => {
    expect(policy).toMatchObject({ maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 30_000, attemptTimeoutMs: 15_000 });
    expect(backoffDelayMs(1, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(1, policy, () => 0.5)).toBe(250);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(1000); // half of 2000
    expect(backoffDelayMs(7, policy, () => 0.5)).toBe(15_000); // 500·64 = 32 000 capped at 30 000
    expect(backoffDelayMs(60, policy, () => 0.5)).toBe(15_000);
  });

  it("is always within [0, min(cap, base · 2^(n−1)))", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 5_000 }),
        fc.integer({ min: 1, max: 120_000 }),
        (n, r, baseDelayMs, maxDelayMs) => {
          const delay = backoffDelayMs(n, { ...policy, baseDelayMs, maxDelayMs }, () => r);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(Math.min(maxDelayMs, baseDelayMs * 2 ** (n - 1)));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("decideRetry", () => {
  const half = () => 0.5;

  it("gives up once maxAttempts attempts have failed", () => {
    expect(decideRetry(5, undefined, policy, half)).toEqual({ action: "retry", delayMs: 4000 });
    expect(decideRetry(6, undefined, policy, half)).toEqual({ action: "give-up", reason: "attempts-exhausted" });
    expect(decideRetry(6, 1000, policy, half)).toEqual({ action: "give-up", reason: "attempts-exhausted" });
  });

  it("waits exactly the server's Retry-After, without jitter", () => {
    expect(decideRetry(1, 7000, policy, half)).toEqual({ action: "retry", delayMs: 7000 });
    expect(decideRetry(1, 0, policy, half)).toEqual({ action: "retry", delayMs: 0 });
  });

  it("gives up on a Retry-After beyond maxRetryAfterMs (10 min by default)", () => {
    expect(decideRetry(1, 600_000, policy, half)).toEqual({ action: "retry", delayMs: 600_000 });
    expect(decideRetry(1, 600_001, policy, half)).toEqual({ action: "give-up", reason: "retry-after-too-long" });
  });
});
