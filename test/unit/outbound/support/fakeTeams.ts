import seedrandom from "seedrandom";
import { FakeRestError } from "./restError.js";
import type { VirtualTime } from "./virtualTime.js";

/** Written out here rather than imported, so the fake checks the gateway against the documented numbers. */
export interface Limit {
  limit: number;
  windowMs: number;
}
export const TEAMS_CONVERSATION_LIMITS: Limit[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
];
export const TEAMS_TENANT_LIMITS: Limit[] = [{ limit: 50, windowMs: 1_000 }];

export type Fault = "429" | "500" | "502" | "504" | "hang";
const FAULTS: Fault[] = ["429", "500", "502", "504", "hang"];

export interface CallRecord {
  at: number;
  conversationKey: string;
  tenantId: string;
  jobId: string;
  outcome: "ok" | "over-limit" | Fault;
  /** For a 429: the earliest instant the Retry-After allows the next call. */
  retryNotBefore?: number;
}

export interface FakeTeamsOptions {
  conversationLimits?: Limit[];
  tenantLimits?: Limit[];
  latencyMs?: number;
  /** Share of calls (within the limits) that fail with one of FAULTS, chosen uniformly. */
  faultRate?: number;
  seed?: string;
  /** How long a hung call takes to answer; longer than the gateway's timeout. */
  hangMs?: number;
}

/**
 * A Teams endpoint that enforces the rate limits itself: it logs every request's arrival per conversation
 * and per tenant, and answers 429 with Retry-After (logged as a violation) when a window would overflow.
 * Every request counts, failed ones too, as Teams counts requests, not messages.
 */
export class FakeTeams {
  readonly calls: CallRecord[] = [];
  readonly violations: CallRecord[] = [];
  /** In-time successful posts per job id. */
  readonly delivered = new Map<string, number>();
  /** Job ids in the order their posts succeeded, per conversation. */
  readonly deliveredOrder = new Map<string, string[]>();
  private readonly arrivals = new Map<string, number[]>();
  private readonly random: () => number;
  private readonly conversationLimits: Limit[];
  private readonly tenantLimits: Limit[];
  private readonly latencyMs: number;
  private readonly faultRate: number;
  private readonly hangMs: number;
  private nextActivity = 0;

  constructor(
    private readonly time: VirtualTime,
    options: FakeTeamsOptions = {},
  ) {
    this.conversationLimits = options.conversationLimits ?? TEAMS_CONVERSATION_LIMITS;
    this.tenantLimits = options.tenantLimits ?? TEAMS_TENANT_LIMITS;
    this.latencyMs = options.latencyMs ?? 100;
    this.faultRate = options.faultRate ?? 0;
    this.hangMs = options.hangMs ?? 60_000;
    this.random = seedrandom(options.seed ?? "fake-teams");
  }

  /** Posts a message for `jobId`; resolves with a new activity id. */
  async post(conversationKey: string, tenantId: string, jobId: string): Promise<string> {
    const at = this.time.now();
    const wait = Math.max(
      this.admit(`c:${conversationKey}`, this.conversationLimits, at),
      this.admit(`t:${tenantId}`, this.tenantLimits, at),
    );
    const record: CallRecord = { at, conversationKey, tenantId, jobId, outcome: "ok" };
    this.calls.push(record);
    if (wait > 0) {
      record.outcome = "over-limit";
      this.violations.push(record);
      return this.answer429(record, Math.ceil(wait / 1000), false);
    }
    const fault = this.random() < this.faultRate ? FAULTS[Math.floor(this.random() * FAULTS.length)] : undefined;
    if (fault === undefined) {
      await this.time.sleep(this.latencyMs);
      this.delivered.set(jobId, (this.delivered.get(jobId) ?? 0) + 1);
      const order = this.deliveredOrder.get(conversationKey) ?? [];
      order.push(jobId);
      this.deliveredOrder.set(conversationKey, order);
      return `activity-${this.nextActivity++}`;
    }
    record.outcome = fault;
    if (fault === "hang") {
      // Dropped by the service; the answer arrives long after the gateway gave up and must be ignored.
      await this.time.sleep(this.hangMs);
      return `late-${this.nextActivity++}`;
    }
    if (fault === "429") return this.answer429(record, 1 + Math.floor(this.random() * 3), this.random() < 0.5);
    await this.time.sleep(this.latencyMs);
    throw new FakeRestError(Number(fault), {}, this.random() < 0.5);
  }

  /** Logs the arrival; returns how long until it would have fitted every window (0 when it fits). */
  private admit(key: string, limits: Limit[], at: number): number {
    const times = this.arrivals.get(key) ?? [];
    this.arrivals.set(key, times);
    let wait = 0;
    for (const { limit, windowMs } of limits) {
      const inWindow: number[] = [];
      for (let i = times.length - 1; i >= 0; i--) {
        const t = times[i] ?? -Infinity;
        if (t <= at - windowMs) break;
        inWindow.unshift(t);
      }
      if (inWindow.length >= limit) wait = Math.max(wait, (inWindow[inWindow.length - limit] ?? at) + windowMs - at);
    }
    times.push(at);
    return wait;
  }

  private async answer429(record: CallRecord, seconds: number, asDate: boolean): Promise<never> {
    await this.time.sleep(this.latencyMs);
    const answeredAt = this.time.now();
    // An HTTP-date has whole seconds: the instant it names is what binds the client.
    const value = asDate ? new Date(answeredAt + seconds * 1000).toUTCString() : String(seconds);
    record.retryNotBefore = asDate ? Date.parse(value) : answeredAt + seconds * 1000;
    throw new FakeRestError(429, { "Retry-After": value }, this.random() < 0.5);
  }
}
