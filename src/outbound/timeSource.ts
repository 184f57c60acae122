/**
 * Time as the gateway sees it: epoch milliseconds plus a timer. Injected so tests can run whole
 * throttled workloads on virtual time; `sleep` takes a signal so abandoned timers (a call that answered
 * before its timeout, a wake-up that is no longer needed) are cleared instead of holding the process open.
 */
export interface TimeSource {
  now(): number;
  /** Resolves after `ms`, or as soon as `signal` aborts (never rejects: the caller checks the signal). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemTimeSource: TimeSource = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) {
        resolve();
        return;
      }
      const timer = setTimeout(done, Math.max(0, ms));
      signal?.addEventListener("abort", done, { once: true });
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      }
    }),
};
