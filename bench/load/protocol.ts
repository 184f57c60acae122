import type { TestUser } from "../../test/helpers/activities.js";

/** A posted referral one connection claims and releases in turn; the version is the one the card currently shows. */
export interface PoolEntry {
  referralId: number;
  version: number;
  next: "claim" | "release";
  channelId: string;
  activityId: string;
  user: TestUser;
}

export type Workload =
  /** The same body every time (the echo baseline). */
  | { kind: "static"; body: string }
  /** Claim → Release cycles: each connection takes a referral from the pool for one cycle, then returns it. */
  | { kind: "claimRelease"; serviceUrl: string; pool: PoolEntry[] };

export interface LoadRequest {
  kind: "run";
  url: string;
  connections: number;
  durationSec: number;
  workload: Workload;
}

export interface LoadResult {
  kind: "result";
  /** Milliseconds, from every response (autocannon's own histogram has 1 ms resolution, too coarse here). */
  latency: { p50: number; p90: number; p99: number; mean: number; max: number };
  completed: number;
  elapsedSec: number;
  rps: number;
  errors: number;
  non2xx: number;
  /** Claim/Release answers whose card did not show the state the click asked for (a stale or refused click). */
  failedActions: number;
}
