import seedrandom from "seedrandom";
import { FakeConnector } from "../../test/helpers/fakeConnector.js";
import type { PrismaStore } from "../../src/store/prismaStore.js";
import { demoWards } from "../../src/intake/demoWards.js";
import { DEFAULT_OUTBOX_OPTIONS } from "../../src/teams/outbox/outboxWorker.js";
import { TEAMS_RATE_LIMITS, type OutboundStats } from "../../src/outbound/index.js";
import { ADMIN_AAD, startBot } from "../lib/bot.js";
import type { Provider } from "../lib/databases.js";
import { bindRolloutWards, casesCsv, type WardChannel } from "../lib/referralFixture.js";
import { table, type Section, type Target } from "../lib/report.js";
import { num, showSpread, spread } from "../lib/spread.js";
import { pause, type SuiteContext } from "../lib/suite.js";
import { profiled, profileMarkdown } from "../lib/profiler.js";
import { statementCounter } from "../lib/statementCounter.js";
import { lowerBoundMs, TeamsLimiter } from "../lib/teamsLimits.js";

const TARGET = 1.2;
const WARDS = 79;
const INJECTED_429_RATE = 0.02;

interface FanOutRun {
  totalMs: number;
  boundMs: number;
  firstToLastMs: number;
  limiter: TeamsLimiter["counts"];
  gateway: OutboundStats;
  exactlyOnce: string | undefined;
  allocateMs: number;
  statementsPerReferral: number;
}

/** 1,000 (quick: 200) referrals to 79 ward channels, through the real outbox worker and gateway, against Teams' limits. */
export async function fanOut(ctx: SuiteContext): Promise<Section> {
  const referrals = ctx.options.quick ? 200 : 1000;
  const results = new Map<Provider, FanOutRun[]>();
  const evidence: string[] = [];
  for (const provider of ctx.databases.providers) {
    const runs: FanOutRun[] = [];
    for (let run = 0; run < ctx.options.runs; run++) {
      ctx.log(`fan-out (${provider}): run ${run + 1}/${ctx.options.runs}, ${referrals} referrals`);
      runs.push(await oneRun(ctx, provider, referrals, run));
    }
    results.set(provider, runs);
    if (ctx.options.quick) continue;
    // One more, smaller run under the profiler (not timed: sampling costs time).
    const profiledReferrals = Math.min(referrals, 200);
    ctx.log(`fan-out (${provider}): profiled run of ${profiledReferrals}`);
    const { summary } = await profiled(`fan-out-${provider}`, () => oneRun(ctx, provider, profiledReferrals, ctx.options.runs));
    evidence.push(profileMarkdown(`Fan-out of ${profiledReferrals} referrals, ${provider} (outbox worker, gateway, and the fake connector's HTTP server, all in this process)`, summary));
  }
  return { ...section(results, referrals), evidence: evidence.join("\n\n") };
}

async function oneRun(ctx: SuiteContext, provider: Provider, referrals: number, run: number): Promise<FanOutRun> {
  const db = await ctx.databases.create(provider, "fanout");
  const store = await db.open();
  const limiter = new TeamsLimiter({ injected429Rate: INJECTED_429_RATE, retryAfterSec: 1, seed: `fan-out-${run}` });
  const connector = await new FakeConnector().start();
  connector.failWith = limiter.check;
  // Teams' limits and the default retry policy: the gateway as deployed.
  const bot = await startBot(store, db.url, { gateway: {} });
  try {
    const wards: WardChannel[] = demoWards(seedrandom("fan-out:wards"), WARDS).map((w, i) => ({ ...w, channelId: `19:ward-${i + 1}@thread.tacv2` }));
    await bindRolloutWards(bot.deps, connector.url, wards);
    const imported = await bot.deps.intake.importCsv([casesCsv(referrals, wards.map((w) => w.code))], { actor: "bench", skipInvalid: false, source: "bench" });
    if (!imported.written) throw new Error("import refused");
    const allocateStarted = performance.now();
    await bot.deps.allocation.allocate({ actor: ADMIN_AAD });
    const allocateMs = performance.now() - allocateStarted;
    const counter = statementCounter();
    counter.reset();
    const started = performance.now();
    bot.worker.start();
    const deadline = started + 600_000;
    // Watch the connector (in memory) first, then the database for the last commits: polling adds few statements.
    while (limiter.counts.accepted < referrals || (await store.db.referral.count({ where: { status: "posted" } })) < referrals) {
      if (performance.now() > deadline) throw new Error("fan-out did not finish in 10 minutes");
      await pause(20);
    }
    const totalMs = performance.now() - started;
    const statementsPerReferral = counter.read() / referrals;
    await bot.worker.stop();
    return {
      totalMs,
      boundMs: lowerBoundMs([...limiter.perConversation.values()]),
      firstToLastMs: limiter.lastAcceptedAt - limiter.firstAcceptedAt,
      limiter: { ...limiter.counts },
      gateway: bot.gateway.stats(),
      exactlyOnce: [await exactlyOnce(store, connector, referrals), ...bot.errorsLogged().slice(0, 1).map((line) => `the bot logged errors, e.g. ${line.slice(0, 200)}`)].filter(Boolean).join("; ") || undefined,
      allocateMs,
      statementsPerReferral,
    };
  } finally {
    await bot.stop();
    await connector.stop();
    await db.drop();
  }
}

/** Every referral posted once: one accepted post per crime reference, and the stored activity id is that post's. */
async function exactlyOnce(store: PrismaStore, connector: FakeConnector, referrals: number): Promise<string | undefined> {
  const posts = connector.posts();
  const byRef = new Map<string, number>();
  for (const p of posts) {
    const ref = /\d{7}\/\d{2}/.exec(JSON.stringify(p.card))?.[0] ?? "?";
    byRef.set(ref, (byRef.get(ref) ?? 0) + 1);
  }
  const rows = await store.db.referral.findMany({ select: { activityId: true, status: true, case: { select: { crimeRef: true } } } });
  const postedIds = new Set(posts.map((p) => p.activityId));
  const problems: string[] = [];
  if (posts.length !== referrals) problems.push(`${posts.length} accepted posts for ${referrals} referrals`);
  const twice = [...byRef.values()].filter((n) => n > 1).length;
  if (twice > 0) problems.push(`${twice} referrals posted more than once`);
  const unposted = rows.filter((r) => r.status !== "posted" || !r.activityId || !postedIds.has(r.activityId)).length;
  if (unposted > 0) problems.push(`${unposted} referrals not recorded against an accepted post`);
  const dead = await store.db.outboxItem.count({ where: { status: "dead" } });
  if (dead > 0) problems.push(`${dead} outbox items dead-lettered`);
  return problems.length === 0 ? undefined : problems.join("; ");
}

function section(results: Map<Provider, FanOutRun[]>, referrals: number): Section {
  const rows: string[][] = [];
  const targets: Target[] = [];
  const integrity: string[] = [];
  for (const [provider, runs] of results) {
    const ratio = spread(runs.map((r) => r.totalMs / r.boundMs));
    rows.push([
      provider,
      showSpread(spread(runs.map((r) => r.totalMs / 1000)), " s"),
      showSpread(spread(runs.map((r) => r.boundMs / 1000)), " s"),
      `**${showSpread(ratio, "×")}**`,
      showSpread(spread(runs.map((r) => r.firstToLastMs / 1000)), " s"),
      showSpread(spread(runs.map((r) => r.limiter.refusedOverLimit)), ""),
      showSpread(spread(runs.map((r) => r.limiter.refusedInjected)), ""),
      showSpread(spread(runs.map((r) => r.gateway.retriedByStatus["429"] ?? 0)), ""),
      showSpread(spread(runs.map((r) => r.allocateMs / 1000)), " s"),
      showSpread(spread(runs.map((r) => r.statementsPerReferral)), ""),
    ]);
    targets.push({ name: `${provider}: ${referrals} referrals delivered exactly once in ≤ ${TARGET} × the lower bound`, figure: `${num(ratio.median)}× (${num(ratio.min)}–${num(ratio.max)}); ${runs.every((r) => !r.exactlyOnce) ? "exactly once in every run" : "NOT exactly once"}`, met: ratio.median <= TARGET && runs.every((r) => !r.exactlyOnce) });
    const failures = runs.filter((r) => r.exactlyOnce);
    integrity.push(failures.length === 0 ? `${provider}: in every run each referral was posted exactly once (one accepted post per crime reference, its activity id stored, nothing dead-lettered).` : `${provider}: **${failures.map((r) => r.exactlyOnce).join(" | ")}**`);
  }
  const perTenant = TEAMS_RATE_LIMITS.perTenant[0]!;
  const perChannel = Math.ceil(referrals / WARDS);
  return {
    title: `3. Fan-out: ${referrals.toLocaleString("en-GB")} referrals to ${WARDS} ward channels under Teams' rate limits`,
    method: [
      `${referrals.toLocaleString("en-GB")} cases in ${WARDS} rollout wards (each bound to its own channel, cases spread evenly: at most ${perChannel} per channel) are allocated, then the real outbox worker is started as deployed (holding up to ${DEFAULT_OUTBOX_OPTIONS.batch} leased items, polling every ${DEFAULT_OUTBOX_OPTIONS.pollMs} ms when idle) and posts each referral card through the real gateway as deployed (Teams' limits, each call counted from its start until its answer and for the window after; default retry policy) to the loopback fake Bot Connector.`,
      `The fake **enforces** Teams' limits on arrival (per conversation 7/s, 60/30 s, 1,800/h; per tenant 50/s): a call past any of them is refused with 429 and \`Retry-After: 1\` and does not count; besides, ${INJECTED_429_RATE * 100}% of calls are refused with 429 \`Retry-After: 1\` at random (seeded).`,
      `Time: from starting the worker to the last referral recorded as posted. Lower bound: Teams' limits alone (counted on arrival, as Teams does) — the n-th call into a window of L per W ms cannot start before ⌊(n−1)/L⌋·W after the first — for the tenant over all ${referrals} accepted posts (⌊${referrals - 1}/${perTenant.limit}⌋ s = ${Math.floor((referrals - 1) / perTenant.limit)} s) and for each channel over its own (⌊(${perChannel}−1)/7⌋ s = ${Math.floor((perChannel - 1) / 7)} s: not binding). Injected 429s are not in the bound. Target: time ≤ ${TARGET} × bound, every referral delivered exactly once.`,
    ].join("\n"),
    figures: [
      table(["DB", "Time", "Lower bound", "Ratio", "First to last accepted post", "429s: over a limit", "429s: injected", "Gateway retries of 429", "Allocation beforehand", "SQL statements per referral posted"], rows),
      "",
      ...integrity.map((line) => `- ${line}`),
    ].join("\n"),
    targets,
  };
}
