import type { FailureStatus } from "./errors.js";
import type { WindowLimit } from "./rateLimits.js";
import { WindowSet } from "./slidingWindow.js";

/** One outbound call to Teams. The gateway never looks inside `run`, so it cannot log a payload. */
export interface OutboundJob<T> {
  conversationKey: string;
  tenantId: string;
  /** A label for stats and errors, e.g. "post", "update", "reply". */
  kind: string;
  run: () => Promise<T>;
  /** Told of each failed attempt the gateway will try again, before it waits (logging which item is retried and why). */
  onRetry?: (retry: RetryNotice) => void;
}

export interface RetryNotice {
  /** The attempt that failed, 1 for the first. */
  attempt: number;
  status: FailureStatus;
  delayMs: number;
}

export interface QueuedJob {
  readonly seq: number;
  readonly job: OutboundJob<unknown>;
  readonly submittedAt: number;
  attempts: number;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * A conversation's FIFO and its rate windows. Only the head job is ever attempted, and it stays at the
 * head through its retries, so a job being retried holds back every later job of the conversation.
 */
export class ConversationQueue {
  readonly windows: WindowSet;
  /** An attempt of the head job is in flight. */
  busy = false;
  /** No attempt before this: the head job's backoff, or a Retry-After that binds the whole conversation. */
  readyAt = 0;
  private readonly jobs: QueuedJob[] = [];
  private start = 0;

  constructor(limits: readonly WindowLimit[]) {
    this.windows = new WindowSet(limits);
  }

  get depth(): number {
    return this.jobs.length - this.start;
  }

  head(): QueuedJob | undefined {
    return this.jobs[this.start];
  }

  push(entry: QueuedJob): void {
    this.jobs.push(entry);
  }

  /** Drops the head; compacts now and then so a long-lived queue does not grow without bound. */
  shift(): void {
    this.start += 1;
    if (this.start > 64 && this.start * 2 > this.jobs.length) {
      this.jobs.splice(0, this.start);
      this.start = 0;
    }
  }
}
