import type { WindowLimit } from "./rateLimits.js";

/**
 * An exact sliding-window log. A call at time t counts against every window (t' − windowMs, t'] that
 * contains it, so the next call is allowed once the `limit`-th most recent call has left the window:
 * only the last `limit` call times are needed, kept in a ring. Exact rather than a token bucket because
 * Teams' limits are stated as counts per window, and a bucket refilling continuously would overshoot
 * "60 per 30 s" by its burst size.
 */
export class SlidingWindow {
  private readonly times: number[];
  private count = 0;
  private next = 0;
  /** Calls begun and not yet ended (see `begin`): each takes a place until it ends. */
  private open = 0;

  constructor(private readonly window: WindowLimit) {
    this.times = new Array<number>(window.limit).fill(0);
  }

  /** Milliseconds from `now` until one more call fits (0 when it fits now; Infinity until an open call ends). */
  waitMs(now: number): number {
    const room = this.window.limit - this.open;
    if (room <= 0) return Infinity;
    if (this.count < room) return 0;
    // The room-th most recent call must have left the window.
    const oldest = this.times[(this.next - room + this.window.limit) % this.window.limit] ?? 0;
    return Math.max(0, oldest + this.window.windowMs - now);
  }

  record(now: number): void {
    this.times[this.next] = now;
    this.next = (this.next + 1) % this.window.limit;
    this.count = Math.min(this.count + 1, this.window.limit);
  }

  /**
   * For a counter that sees calls only when they arrive, somewhere between when we send them and when the answer comes
   * back: a call takes a place from `begin` and is recorded at `end` (its answer), so it counts for as long as it can
   * possibly be in the other side's window however long its journey took. Ends must come in time order.
   */
  begin(): void {
    this.open += 1;
  }

  end(now: number): void {
    this.open -= 1;
    this.record(now);
  }

  /** True when no call is open or still inside the window, so the log can be forgotten. */
  isIdle(now: number): boolean {
    if (this.open > 0) return false;
    if (this.count === 0) return true;
    const newest = this.times[(this.next - 1 + this.window.limit) % this.window.limit] ?? 0;
    return newest + this.window.windowMs <= now;
  }
}

/** Several windows over the same stream of calls: a call fits only when it fits all of them. */
export class WindowSet {
  private readonly windows: SlidingWindow[];

  constructor(limits: readonly WindowLimit[]) {
    this.windows = limits.map((limit) => new SlidingWindow(limit));
  }

  waitMs(now: number): number {
    return this.windows.reduce((wait, window) => Math.max(wait, window.waitMs(now)), 0);
  }

  record(now: number): void {
    for (const window of this.windows) window.record(now);
  }

  begin(): void {
    for (const window of this.windows) window.begin();
  }

  end(now: number): void {
    for (const window of this.windows) window.end(now);
  }

  isIdle(now: number): boolean {
    return this.windows.every((window) => window.isIdle(now));
  }
}
