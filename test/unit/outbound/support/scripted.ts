import type { VirtualTime } from "./virtualTime.js";

export type Step<T> = { afterMs: number; value: T } | { afterMs: number; error: unknown } | { hang: true };

/**
 * A job body that answers its n-th attempt with the n-th step (the last step repeats) and records when each
 * attempt started, relative to `t0`.
 */
export function scripted<T>(time: VirtualTime, t0: number, steps: Step<T>[]) {
  const starts: number[] = [];
  const run = async (): Promise<T> => {
    const step = steps[Math.min(starts.length, steps.length - 1)];
    starts.push(time.now() - t0);
    if (step === undefined || "hang" in step) return new Promise<T>(() => undefined);
    await time.sleep(step.afterMs);
    if ("error" in step) throw step.error;
    return step.value;
  };
  return { run, starts };
}

/** Captures a job's outcome so a rejection is never left unhandled while virtual time runs. */
export function settled<T>(promise: Promise<T>): Promise<{ value: T } | { error: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}
