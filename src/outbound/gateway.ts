import { defaultClassifier, failureStatus, type Classification, type Classifier } from "./classify.js";
import { ConversationQueue, type OutboundJob, type QueuedJob } from "./conversationQueue.js";
import {
  AttemptTimeoutError,
  ConversationGoneError,
  DeliveryFailedError,
  GatewayClosedError,
  type DeliveryFailureReason,
  type FailureStatus,
} from "./errors.js";
import { TEAMS_RATE_LIMITS, validateRateLimits, type RateLimits } from "./rateLimits.js";
import { DEFAULT_RETRY_POLICY, decideRetry, validateRetryPolicy, type RetryPolicy } from "./retryPolicy.js";
import { WindowSet } from "./slidingWindow.js";
import { emptyCounters, type OutboundStats } from "./stats.js";
import { systemTimeSource, type TimeSource } from "./timeSource.js";

/** What the dead-letter hook hears: enough to alert the HCOP, nothing of the payload. */
export interface DeadLetter {
  conversationKey: string;
  tenantId: string;
  kind: string;
  attempts: number;
  lastStatus: FailureStatus;
  reason: DeliveryFailureReason;
  error: unknown;
}

export interface OutboundGatewayOptions {
  time?: TimeSource;
  /** Defaults to TEAMS_RATE_LIMITS. */
  limits?: RateLimits;
  retry?: Partial<RetryPolicy>;
  /** Attempts in flight at once, across all conversations. A job waiting out a backoff holds no slot. */
  maxConcurrency?: number;
  classify?: Classifier;
  /** Jitter source, [0, 1). */
  random?: () => number;
  onDeadLetter?: (letter: DeadLetter) => void;
}

interface TenantState {
  windows: WindowSet;
  /** Set by a retry classified with scope "tenant". */
  pausedUntil: number;
}

/**
 * The one door for calls to Teams. Each job waits until every rate window of its conversation and tenant
 * has room, runs with a per-attempt timeout, and is retried, failed as gone, or dead-lettered.
 *
 * Idempotency: a timed-out attempt (or a 500/502/504) may still have been carried out by Teams, and
 * the retry then posts a second copy. The gateway only guarantees that it settles each job once, never
 * has two attempts of one conversation in flight, and ignores an abandoned attempt's late answer. Senders
 * must make their jobs safe to repeat: edit a stored activity id rather than repost, or check the thread
 * for the card before posting again.
 */
export class OutboundGateway {
  private readonly time: TimeSource;
  private readonly limits: RateLimits;
  private readonly retry: RetryPolicy;
  private readonly maxConcurrency: number;
  private readonly classify: Classifier;
  private readonly random: () => number;
  private readonly onDeadLetter: ((letter: DeadLetter) => void) | undefined;

  private readonly conversations = new Map<string, ConversationQueue>();
  private readonly tenants = new Map<string, TenantState>();
  private readonly counters = emptyCounters();
  private readonly drainWaiters: Array<() => void> = [];
  private nextSeq = 0;
  private pending = 0;
  private inFlight = 0;
  private closed = false;
  private pumpQueued = false;
  private wake: { at: number; cancel: AbortController } | undefined;

  constructor(options: OutboundGatewayOptions = {}) {
    this.time = options.time ?? systemTimeSource;
    this.limits = options.limits ?? TEAMS_RATE_LIMITS;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.maxConcurrency = options.maxConcurrency ?? 16;
    this.classify = options.classify ?? defaultClassifier;
    this.random = options.random ?? Math.random;
    this.onDeadLetter = options.onDeadLetter;
    validateRateLimits(this.limits);
    validateRetryPolicy(this.retry);
    if (!Number.isInteger(this.maxConcurrency) || this.maxConcurrency < 1) {
      throw new RangeError(`maxConcurrency must be a positive integer, got ${this.maxConcurrency}`);
    }
  }

  submit<T>(job: OutboundJob<T>): Promise<T> {
    if (this.closed) return Promise.reject(new GatewayClosedError());
    return new Promise<T>((resolve, reject) => {
      const entry: QueuedJob = {
        seq: this.nextSeq++,
        job,
        submittedAt: this.time.now(),
        attempts: 0,
        resolve: resolve as (value: unknown) => void,
        reject,
      };
      this.conversation(job.conversationKey).push(entry);
      this.pending += 1;
      this.counters.submitted += 1;
      this.schedulePump();
    });
  }

  stats(): OutboundStats {
    const queueDepthByConversation: Record<string, number> = {};
    for (const [key, queue] of this.conversations) {
      if (queue.depth > 0) queueDepthByConversation[key] = queue.depth;
    }
    return {
      ...this.counters,
      retriedByStatus: { ...this.counters.retriedByStatus },
      pending: this.pending,
      inFlight: this.inFlight,
      queueDepthByConversation,
    };
  }

  /** Resolves once every job submitted so far (and any submitted meanwhile) has settled. */
  drain(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Refuses new jobs from now on; resolves when the ones already queued have settled. */
  close(): Promise<void> {
    this.closed = true;
    return this.drain();
  }

  private conversation(key: string): ConversationQueue {
    let queue = this.conversations.get(key);
    if (queue === undefined) {
      queue = new ConversationQueue(this.limits.perConversation);
      this.conversations.set(key, queue);
    }
    return queue;
  }

  private tenant(id: string): TenantState {
    let tenant = this.tenants.get(id);
    if (tenant === undefined) {
      tenant = { windows: new WindowSet(this.limits.perTenant), pausedUntil: 0 };
      this.tenants.set(id, tenant);
    }
    return tenant;
  }

  /** Coalesces the submits of one tick into one pass, so they are ranked together. */
  private schedulePump(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    queueMicrotask(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  /**
   * Starts every head job that may go now, in `byPriority` order, and sets one timer for the earliest moment a
   * waiting one may go. Windows are checked and taken in the same synchronous step as the call starts,
   * so no other conversation can take the room in between. A call holds its place in the windows until its answer,
   * and counts from then (see SlidingWindow.begin): Teams counts it on arrival, which is somewhere in between.
   */
  private pump(): void {
    const now = this.time.now();
    const idle: ConversationQueue[] = [];
    for (const [key, queue] of this.conversations) {
      if (queue.depth > 0) {
        if (!queue.busy) idle.push(queue);
      } else if (queue.readyAt <= now && queue.windows.isIdle(now)) {
        this.conversations.delete(key);
      }
    }
    for (const [id, tenant] of this.tenants) {
      if (tenant.pausedUntil <= now && tenant.windows.isIdle(now)) this.tenants.delete(id);
    }
    idle.sort(byPriority);

    let wakeAt = Infinity;
    for (const queue of idle) {
      if (this.inFlight >= this.maxConcurrency) break;
      const entry = queue.head();
      if (entry === undefined) continue;
      const tenant = this.tenant(entry.job.tenantId);
      const readyAt = Math.max(
        queue.readyAt,
        tenant.pausedUntil,
        now + queue.windows.waitMs(now),
        now + tenant.windows.waitMs(now),
      );
      if (readyAt > now) {
        wakeAt = Math.min(wakeAt, readyAt);
        continue;
      }
      queue.windows.begin();
      tenant.windows.begin();
      this.startAttempt(queue, tenant, entry, now);
    }
    this.scheduleWake(wakeAt, now);
  }

  private scheduleWake(at: number, now: number): void {
    if (at === Infinity || (this.wake !== undefined && this.wake.at <= at)) return;
    this.wake?.cancel.abort();
    const cancel = new AbortController();
    this.wake = { at, cancel };
    void this.time.sleep(at - now, cancel.signal).then(() => {
      if (cancel.signal.aborted) return;
      this.wake = undefined;
      this.pump();
    });
  }

  private startAttempt(queue: ConversationQueue, tenant: TenantState, entry: QueuedJob, now: number): void {
    queue.busy = true;
    this.inFlight += 1;
    entry.attempts += 1;
    if (entry.attempts === 1) this.counters.maxWaitMs = Math.max(this.counters.maxWaitMs, now - entry.submittedAt);

    const timeoutMs = this.retry.attemptTimeoutMs;
    const timer = new AbortController();
    const timeout = new Promise<never>((_, reject) => {
      void this.time.sleep(timeoutMs, timer.signal).then(() => {
        if (!timer.signal.aborted) reject(new AttemptTimeoutError(timeoutMs));
      });
    });
    // Deferred so a `run` that throws synchronously, or submits another job, never re-enters the pump.
    const call = Promise.resolve().then(() => entry.job.run());
    // Promise.race subscribes to the abandoned call too, so its late answer or rejection is swallowed.
    Promise.race([call, timeout]).then(
      (value) => this.afterAttempt(queue, tenant, timer, () => this.succeed(queue, entry, value)),
      (error: unknown) => this.afterAttempt(queue, tenant, timer, () => this.fail(queue, entry, error)),
    );
  }

  private afterAttempt(queue: ConversationQueue, tenant: TenantState, timer: AbortController, settle: () => void): void {
    timer.abort();
    const now = this.time.now();
    queue.windows.end(now);
    tenant.windows.end(now);
    queue.busy = false;
    this.inFlight -= 1;
    settle();
    this.schedulePump();
  }

  private succeed(queue: ConversationQueue, entry: QueuedJob, value: unknown): void {
    this.counters.sent += 1;
    this.finish(queue, entry, () => entry.resolve(value));
  }

  private fail(queue: ConversationQueue, entry: QueuedJob, error: unknown): void {
    const now = this.time.now();
    const status = failureStatus(error);
    const verdict = this.verdictOn(error, now);
    const { conversationKey, tenantId, kind } = entry.job;
    if (verdict.kind === "gone") {
      this.counters.gone += 1;
      const gone = new ConversationGoneError(conversationKey, kind, status, { cause: error });
      this.finish(queue, entry, () => entry.reject(gone));
      return;
    }
    if (verdict.kind === "fatal") {
      this.counters.fatal += 1;
      this.finish(queue, entry, () => entry.reject(error));
      return;
    }

    const decision = decideRetry(entry.attempts, verdict.retryAfterMs, this.retry, this.random);
    // The job stays at the head while it waits, so delaying it pauses the whole conversation. A server's
    // Retry-After binds the jobs behind a dead-lettered one too (capped, so a bogus one cannot stall them).
    const serverWaitMs =
      verdict.retryAfterMs === undefined ? undefined : Math.min(verdict.retryAfterMs, this.retry.maxRetryAfterMs);
    const waitMs = decision.action === "retry" ? decision.delayMs : serverWaitMs;
    if (waitMs !== undefined) this.pause(queue, tenantId, verdict.scope, now + waitMs);

    if (decision.action === "retry") {
      const key = String(status);
      this.counters.retriedByStatus[key] = (this.counters.retriedByStatus[key] ?? 0) + 1;
      try {
        entry.job.onRetry?.({ attempt: entry.attempts, status, delayMs: Math.round(decision.delayMs) });
      } catch {
        // Observing a retry must never stop it.
      }
      return;
    }
    this.counters.deadLettered += 1;
    const { reason } = decision;
    try {
      const { attempts } = entry;
      this.onDeadLetter?.({ conversationKey, tenantId, kind, attempts, lastStatus: status, reason, error });
    } catch {
      // A failing alert hook must not wedge the queue; the job's own rejection still reports the loss.
    }
    const failure = new DeliveryFailedError(conversationKey, kind, entry.attempts, status, reason, { cause: error });
    this.finish(queue, entry, () => entry.reject(failure));
  }

  /** A classifier that throws must not strand the job: its failure is then final. */
  private verdictOn(error: unknown, now: number): Classification {
    try {
      return this.classify(error, now);
    } catch {
      return { kind: "fatal" };
    }
  }

  private pause(
    queue: ConversationQueue,
    tenantId: string,
    scope: "conversation" | "tenant" | undefined,
    until: number,
  ): void {
    queue.readyAt = Math.max(queue.readyAt, until);
    if (scope !== "tenant") return;
    const tenant = this.tenant(tenantId);
    tenant.pausedUntil = Math.max(tenant.pausedUntil, until);
  }

  /** Settles the head job before drain() callers hear that the queue is empty. */
  private finish(queue: ConversationQueue, entry: QueuedJob, settle: () => void): void {
    queue.shift();
    this.counters.maxLatencyMs = Math.max(this.counters.maxLatencyMs, this.time.now() - entry.submittedAt);
    settle();
    this.pending -= 1;
    if (this.pending > 0) return;
    // Idle: drop the wake-up timer so a real process can exit, and release drain() callers.
    this.wake?.cancel.abort();
    this.wake = undefined;
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  }
}

/**
 * Deepest queue first, then oldest job. The tenant's 50/s is shared; a conversation's own windows (7/s,
 * 60 per 30 s) cap how fast it can drain, so a deep queue left behind shallow ones finishes long after
 * everything else. Serving it first costs the others little: it can never take more than 7 of the 50.
 */
function byPriority(a: ConversationQueue, b: ConversationQueue): number {
  return b.depth - a.depth || (a.head()?.seq ?? 0) - (b.head()?.seq ?? 0);
}

export function createOutboundGateway(options: OutboundGatewayOptions = {}): OutboundGateway {
  return new OutboundGateway(options);
}
