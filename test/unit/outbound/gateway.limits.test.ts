import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { OutboundGateway, TEAMS_RATE_LIMITS, type RateLimits } from "../../../src/outbound/index.js";
import { FakeTeams, TEAMS_CONVERSATION_LIMITS, TEAMS_TENANT_LIMITS, type CallRecord } from "./support/fakeTeams.js";
import { completionLowerBound, earliestStarts } from "./support/lowerBound.js";
import { settled } from "./support/scripted.js";
import { VirtualTime } from "./support/virtualTime.js";

const LATENCY_MS = 100;

interface Planned {
  jobId: string;
  conversationKey: string;
}

/** The numbers the fake enforces, written out there: the gateway is checked against them, not against its own copy. */
const EXACT: RateLimits = { perConversation: TEAMS_CONVERSATION_LIMITS, perTenant: TEAMS_TENANT_LIMITS };

interface DeliverOptions {
  faultRate?: number;
  seed?: string;
  maxAttempts?: number;
  limits?: RateLimits;
  /** Each call reaches Teams after a network time drawn from [0, networkJitterMs) (seeded); 0 by default. */
  networkJitterMs?: number;
}

/** Submits every job at once (interleaved across conversations) and runs virtual time to the end. */
async function deliver(plan: Planned[], options: DeliverOptions = {}) {
  const time = new VirtualTime();
  const t0 = time.now();
  const teams = new FakeTeams(time, { latencyMs: LATENCY_MS, faultRate: options.faultRate ?? 0, seed: options.seed });
  const jitter = seedrandom(`${options.seed ?? "x"}-jitter`);
  const network = seedrandom(`${options.seed ?? "x"}-network`);
  const gateway = new OutboundGateway({ time, random: jitter, limits: options.limits ?? EXACT, retry: { maxAttempts: options.maxAttempts ?? 6 } });
  let finishedAt = 0;
  const outcomes = plan.map(({ jobId, conversationKey }) => {
    const run = async () => {
      if (options.networkJitterMs) await time.sleep(Math.floor(network() * options.networkJitterMs));
      return teams.post(conversationKey, "tenant-1", jobId);
    };
    const delivery = gateway.submit({ conversationKey, tenantId: "tenant-1", kind: "post", run });
    return settled(delivery.finally(() => (finishedAt = Math.max(finishedAt, time.now() - t0))));
  });
  await time.run();
  return { teams, gateway, outcomes: await Promise.all(outcomes), finishedAt, t0 };
}

/** `counts[c]` jobs for conversation c, submitted round-robin so conversations interleave. */
function roundRobin(counts: number[]): Planned[] {
  const plan: Planned[] = [];
  const max = Math.max(...counts);
  for (let i = 0; i < max; i++) {
    counts.forEach((n, c) => {
      if (i < n) plan.push({ jobId: `c${c}-j${i}`, conversationKey: `conv-${c}` });
    });
  }
  return plan;
}

function expectExactlyOnceInOrder(teams: FakeTeams, plan: Planned[]): void {
  for (const { jobId } of plan) expect(teams.delivered.get(jobId), jobId).toBe(1);
  const expectedOrder = new Map<string, string[]>();
  for (const { jobId, conversationKey } of plan) {
    expectedOrder.set(conversationKey, [...(expectedOrder.get(conversationKey) ?? []), jobId]);
  }
  expect(Object.fromEntries(teams.deliveredOrder)).toEqual(Object.fromEntries(expectedOrder));
}

describe("lower bound helper", () => {
  it("matches hand-worked schedules", () => {
    // 50/s: the 1000th call (index 999) goes in second 19.
    expect(earliestStarts(1000, TEAMS_TENANT_LIMITS).at(-1)).toBe(19_000);
    // 7/s and 60/30 s, no gap: blocks of 60 every 30 s, 7 per second inside; index 199 = 90 s + index 19 (2 s).
    expect(earliestStarts(200, TEAMS_CONVERSATION_LIMITS).at(-1)).toBe(92_000);
    // With 100 ms per call: indices 0–6 at 0, 100, …, 600; index 7 at 1000; index 59 at 8000 + 300.
    const serial = earliestStarts(1801, TEAMS_CONVERSATION_LIMITS, 100);
    expect([serial[6], serial[7], serial[59], serial[60], serial[1799], serial[1800]]).toEqual([
      600, 1000, 8300, 30_000, 29 * 30_000 + 8300, 3_600_000,
    ]);
  });
});

describe("counting each call until its answer, as Teams counts it on arrival somewhere in between", () => {
  it("uses Teams' documented numbers by default", () => {
    expect(TEAMS_RATE_LIMITS).toEqual(EXACT);
  });

  const counts = Array.from({ length: 79 }, (_, c) => (c < 1000 % 79 ? 13 : 12));

  it.each([90, 400, 2_000])("never puts too many calls into one of Teams' windows when network times vary by up to %i ms", async (networkJitterMs) => {
    const plan = roundRobin(counts);
    const { teams, gateway } = await deliver(plan, { networkJitterMs, seed: `jitter-${networkJitterMs}` });
    expect(teams.violations).toEqual([]);
    expectExactlyOnceInOrder(teams, plan);
    expect(gateway.stats().retriedByStatus).toEqual({});
  });
});

describe("through a Teams endpoint that enforces the limits", () => {
  it("delivers 1,000 jobs over 79 conversations within 1.2× the lower bound, never over a window", async () => {
    const counts = Array.from({ length: 79 }, (_, c) => (c < 1000 % 79 ? 13 : 12)); // 52 × 13 + 27 × 12 = 1000
    const plan = roundRobin(counts);
    expect(plan).toHaveLength(1000);
    const { teams, gateway, finishedAt } = await deliver(plan);

    const bound = completionLowerBound(counts, TEAMS_CONVERSATION_LIMITS, TEAMS_TENANT_LIMITS, LATENCY_MS);
    expect(bound).toBe(19_100); // the tenant's 50/s binds: 19 s + the last answer
    // 16 in flight × 100 ms: each second's 50 calls take 300 ms to start, so 19 400 is what this gateway can reach.
    expect(teams.violations).toEqual([]);
    expectExactlyOnceInOrder(teams, plan);
    expect(finishedAt).toBeGreaterThanOrEqual(bound);
    expect(finishedAt).toBeLessThanOrEqual(1.2 * bound);
    expect(gateway.stats()).toMatchObject({ submitted: 1000, sent: 1000, pending: 0, retriedByStatus: {} });
  });

  it("is bound by the busiest conversation when one has 200 jobs (60 per 30 s)", async () => {
    const counts = [200, ...Array.from({ length: 78 }, (_, c) => (c < 800 % 78 ? 11 : 10))];
    const plan = roundRobin(counts);
    expect(plan).toHaveLength(1000);
    const { teams, finishedAt } = await deliver(plan);

    const bound = completionLowerBound(counts, TEAMS_CONVERSATION_LIMITS, TEAMS_TENANT_LIMITS, LATENCY_MS);
    expect(bound).toBe(92_600); // index 199 = 90 s + index 19 (2 s + 5 × 100 ms), + the last answer
    expect(teams.violations).toEqual([]);
    expectExactlyOnceInOrder(teams, plan);
    expect(finishedAt).toBeGreaterThanOrEqual(bound);
    expect(finishedAt).toBeLessThanOrEqual(1.2 * bound);
  });

  it("does not leave a mid-sized conversation (120 jobs) to finish after everyone else", async () => {
    const counts = [120, ...Array.from({ length: 78 }, (_, c) => (c < 880 % 78 ? 12 : 11))];
    const plan = roundRobin(counts);
    expect(plan).toHaveLength(1000);
    const { teams, finishedAt } = await deliver(plan);

    const bound = completionLowerBound(counts, TEAMS_CONVERSATION_LIMITS, TEAMS_TENANT_LIMITS, LATENCY_MS);
    expect(bound).toBe(38_400); // index 119 = 30 s + index 59 (8 s + 3 × 100 ms), + the last answer
    expect(teams.violations).toEqual([]);
    expectExactlyOnceInOrder(teams, plan);
    expect(finishedAt).toBeGreaterThanOrEqual(bound);
    expect(finishedAt).toBeLessThanOrEqual(1.2 * bound);
  });

  it("keeps to 1800 per hour in one conversation: call 1801 waits for the hour", async () => {
    const plan = Array.from({ length: 1801 }, (_, i) => ({ jobId: `j${i}`, conversationKey: "busy" }));
    const { teams, t0 } = await deliver(plan);
    expect(teams.violations).toEqual([]);
    const startOf = (i: number) => (teams.calls.find((c) => c.jobId === `j${i}`)?.at ?? NaN) - t0;
    // A call counts from its answer, 100 ms after it starts: indices 0–6 at 0, 100, …, 600; index 7 a second after the
    // answer to index 0 (1100); blocks of 7 every 1100 ms, so index 59 at 8 × 1100 + 300; index 60 at 30 s after the
    // first answer; blocks of 60 every 30 100 ms, so index 1799 at 29 × 30 100 + 9100; index 1800 an hour after it.
    expect([6, 7, 59, 60, 1799, 1800].map(startOf)).toEqual([600, 1100, 9100, 30_100, 882_000, 3_600_100]);
  });

  it("lets 50 calls a second into a tenant: the 51st conversation waits for the next second", async () => {
    const plan = Array.from({ length: 51 }, (_, i) => ({ jobId: `j${i}`, conversationKey: `conv-${i}` }));
    const { teams, t0 } = await deliver(plan);
    const starts = teams.calls.map((c) => c.at - t0);
    // 16 in flight at a time, 100 ms each: 16 at 0, 100 and 200, 2 at 300, then the window is full until a second
    // after the first answers (at 100).
    expect(starts.filter((s) => s < 1000)).toHaveLength(50);
    expect(starts.at(-1)).toBe(1100);
    expect(teams.violations).toEqual([]);
  });

  describe.each(["seed-1", "seed-2", "seed-3"])("with 30%% of calls failing (%s)", (seed) => {
    it("delivers each job exactly once, in order, within the windows, honouring every Retry-After", async () => {
      const counts = Array.from({ length: 20 }, (_, c) => 10 + ((c * 7) % 21)); // 10–30 jobs each
      const plan = roundRobin(counts);
      const { teams, gateway, outcomes } = await deliver(plan, { faultRate: 0.3, seed, maxAttempts: 12 });

      expect(teams.violations).toEqual([]);
      expectExactlyOnceInOrder(teams, plan);
      for (const outcome of outcomes) expect(outcome).toMatchObject({ value: expect.stringMatching(/^activity-/) });

      const faults = (kind: CallRecord["outcome"]) => teams.calls.filter((c) => c.outcome === kind).length;
      for (const kind of ["429", "500", "502", "504", "hang"] as const) expect(faults(kind), kind).toBeGreaterThan(0);
      const kinds = ["ok", "429", "500", "502", "504", "hang"] as const;
      expect(kinds.reduce((sum, kind) => sum + faults(kind), 0)).toBe(teams.calls.length);
      expect(gateway.stats()).toMatchObject({
        sent: plan.length,
        deadLettered: 0,
        retriedByStatus: {
          "429": faults("429"),
          "500": faults("500"),
          "502": faults("502"),
          "504": faults("504"),
          timeout: faults("hang"),
        },
      });

      // After a 429, the same job's next call is not before the instant Retry-After named.
      for (const [i, call] of teams.calls.entries()) {
        if (call.outcome !== "429") continue;
        const next = teams.calls.slice(i + 1).find((c) => c.jobId === call.jobId);
        expect(next?.at).toBeGreaterThanOrEqual(call.retryNotBefore ?? Infinity);
      }
      // A conversation's calls never go back to an earlier job: retries happen in place.
      const index = new Map(plan.map((p, i) => [p.jobId, i]));
      for (const key of new Set(plan.map((p) => p.conversationKey))) {
        const order = teams.calls.filter((c) => c.conversationKey === key).map((c) => index.get(c.jobId) ?? -1);
        expect(order).toEqual([...order].sort((a, b) => a - b));
      }
    });
  });
});
