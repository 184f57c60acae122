import autocannon from "autocannon";
import { cardAction } from "../../test/helpers/activities.js";
import { percentile } from "../lib/spread.js";
import type { LoadRequest, LoadResult, PoolEntry } from "./protocol.js";

/**
 * The load generator, in its own process so that its work is not timed as the server's (on a 2-core machine both
 * still share the CPUs: the baselines are loaded the same way, so the ratios stay fair). Driven over IPC by
 * bench/load/loadGenerator.ts.
 */

type Context = { entry?: PoolEntry };

function claimReleaseRequests(serviceUrl: string, pool: PoolEntry[], onFailure: () => void) {
  const build = (request: Record<string, unknown>, context: Context) => {
    context.entry ??= pool.shift();
    const entry = context.entry;
    if (!entry) throw new Error("more connections than referrals in the pool");
    const data = { verb: entry.next, referralId: entry.referralId, version: entry.version };
    const body = cardAction(serviceUrl, entry.user, { verb: entry.next, data }, { channelId: entry.channelId, activityId: entry.activityId });
    return { ...request, method: "POST", path: "/api/messages", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
  };
  const read = (body: string, context: Context, last: boolean) => {
    const entry = context.entry;
    if (!entry) return;
    const asked = entry.next;
    // The answer is the clicker's new card: its buttons carry the current version and say what may be done next.
    const verbs = new Set([...body.matchAll(/"verb":"(\w+)"/g)].map((m) => m[1]));
    const version = /"version":(\d+)/.exec(body);
    if (version) entry.version = Number(version[1]);
    const next = verbs.has("release") ? "release" : verbs.has("claim") ? "claim" : undefined;
    if (next === undefined || next === asked) onFailure();
    if (next) entry.next = next;
    if (last) {
      pool.push(entry);
      context.entry = undefined;
    }
  };
  return [
    { setupRequest: build, onResponse: (_s: number, body: string, context: Context) => read(body, context, false) },
    { setupRequest: build, onResponse: (_s: number, body: string, context: Context) => read(body, context, true) },
  ];
}

async function run(request: LoadRequest): Promise<LoadResult> {
  const latencies: number[] = [];
  let failedActions = 0;
  const requests =
    request.workload.kind === "static"
      ? [{ method: "POST" as const, path: "/api/messages", headers: { "content-type": "application/json" }, body: request.workload.body }]
      : claimReleaseRequests(request.workload.serviceUrl, [...request.workload.pool], () => failedActions++);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: request.url, connections: request.connections, duration: request.durationSec, requests: requests as never },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  });
  const elapsedSec = result.duration;
  latencies.sort((a, b) => a - b);
  const mean = latencies.reduce((sum, ms) => sum + ms, 0) / Math.max(1, latencies.length);
  return {
    kind: "result",
    latency: { p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99), mean, max: latencies.at(-1) ?? Number.NaN },
    completed: latencies.length,
    elapsedSec,
    rps: latencies.length / elapsedSec,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    failedActions,
  };
}

process.on("message", (message: LoadRequest) => {
  run(message).then(
    (result) => process.send!(result),
    (error: unknown) => process.send!({ kind: "error", message: error instanceof Error ? error.stack : String(error) }),
  );
});
process.send!({ kind: "ready" });
