import type { TimeSource } from "../../../../src/outbound/index.js";

interface Timer {
  at: number;
  seq: number;
  fire: () => void;
}

/** All microtasks queued so far, and those they queue, run before a setImmediate callback. */
function settleMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Virtual time: `sleep` registers a timer that fires only when `run` reaches it, so an hour of throttled
 * traffic takes milliseconds and every instant is exact. Timers at the same instant fire in creation order.
 */
export class VirtualTime implements TimeSource {
  private current: number;
  private timers: Timer[] = [];
  private seq = 0;

  constructor(start = Date.UTC(2024, 0, 1, 9, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) {
        resolve();
        return;
      }
      const timer: Timer = { at: this.current + Math.max(0, ms), seq: this.seq++, fire: resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        "abort",
        () => {
          this.timers = this.timers.filter((t) => t !== timer);
          resolve();
        },
        { once: true },
      );
    });
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Fires timers in order until none is left (or the next lies beyond `until`, where the clock then stops). */
  async run(until = Infinity): Promise<void> {
    for (let steps = 0; ; steps++) {
      if (steps > 2_000_000) throw new Error("virtual time: too many timers, runaway loop?");
      await settleMicrotasks();
      const next = this.earliest();
      if (next === undefined || next.at > until) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = next.at;
      next.fire();
    }
    if (until !== Infinity) this.current = Math.max(this.current, until);
  }

  advance(ms: number): Promise<void> {
    return this.run(this.current + ms);
  }

  private earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.timers) {
      if (best === undefined || timer.at < best.at || (timer.at === best.at && timer.seq < best.seq)) best = timer;
    }
    return best;
  }
}
