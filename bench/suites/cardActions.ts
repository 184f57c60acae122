import { FakeConnector } from "../../test/helpers/fakeConnector.js";
import type { PrismaStore } from "../../src/store/prismaStore.js";
import { cardAction } from "../../test/helpers/activities.js";
import { benchConfig, startBot } from "../lib/bot.js";
import { directWriter } from "../lib/directWrites.js";
import { startEchoBot } from "../lib/echoBot.js";
import { bindRolloutWards, officers, postReferrals, referralPool, type WardChannel } from "../lib/referralFixture.js";
import { LoadGenerator } from "../load/loadGenerator.js";
import type { LoadResult } from "../load/protocol.js";
import type { Provider } from "../lib/databases.js";
import { table, type Section, type Target } from "../lib/report.js";
import { median, num, showSpread, spread } from "../lib/spread.js";
import { profiled, profileMarkdown } from "../lib/profiler.js";
import { statementCounter } from "../lib/statementCounter.js";
import { pause, type SuiteContext } from "../lib/suite.js";

export const CONCURRENCY = [1, 10, 50] as const;
const TARGET = 1.5;
/** Posted referrals the connections share (more than the 50 connections, so none waits for one). */
export const POOL = 100;
export const QUICK_POOL = 60;

export const STACK_WARD: WardChannel = { code: "E05009001", name: "Bench Stack", borough: "Bench", channelId: "19:bench-stack@thread.tacv2" };
const DIRECT_WARD: WardChannel = { code: "E05009002", name: "Bench Direct", borough: "Bench", channelId: "19:bench-direct@thread.tacv2" };

interface Measured {
  echo: LoadResult;
  direct: LoadResult;
  stack: LoadResult;
}

export interface CardFixture {
  connector: FakeConnector;
  bot: Awaited<ReturnType<typeof startBot>>;
  people: Awaited<ReturnType<typeof officers>>;
  directIds: number[];
}

/** The bot with `size` posted referrals to click on (and as many more for the direct-write baseline), worker polling. */
export async function cardFixture(store: PrismaStore, url: string, size = POOL): Promise<CardFixture> {
  const connector = await new FakeConnector().start();
  const bot = await startBot(store, url);
  await bindRolloutWards(bot.deps, connector.url, [STACK_WARD, DIRECT_WARD]);
  const people = await officers(bot.deps, size);
  await postReferrals(bot.deps, bot.worker, STACK_WARD, size);
  await postReferrals(bot.deps, bot.worker, DIRECT_WARD, size);
  const directIds = (await store.db.referral.findMany({ where: { wardCode: DIRECT_WARD.code }, select: { id: true }, orderBy: { id: "asc" } })).map((r) => r.id);
  // As deployed: card edits queued by each click are delivered while the clicks go on.
  bot.worker.start();
  return { connector, bot, people, directIds };
}

/** Waits until the outbox worker has delivered every card edit queued so far, so one measurement's edits never run into the next. */
export async function outboxIdle(store: PrismaStore, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while ((await store.db.outboxItem.count({ where: { status: "pending" } })) > 0) {
    if (Date.now() > until) throw new Error("the outbox did not drain");
    await pause(50);
  }
}

/** One real Claim, answered by the whole stack: its card is what the echo bot answers with, so both send the same bytes. */
async function realClaimCard(fixture: CardFixture, store: PrismaStore): Promise<unknown> {
  const [entry] = await referralPool(store, STACK_WARD.code, fixture.people);
  const click = (verb: string, version: number) =>
    fetch(`${fixture.bot.server.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(cardAction(fixture.connector.url, entry!.user, { verb, data: { verb, referralId: entry!.referralId, version } }, entry!)),
    }).then((r) => r.json() as Promise<{ value: unknown }>);
  const claimed = await click("claim", entry!.version);
  await click("release", entry!.version + 1);
  return claimed.value;
}

export async function cardActions(ctx: SuiteContext): Promise<Section> {
  const durationSec = ctx.options.quick ? 0.5 : 5;
  const size = ctx.options.quick ? QUICK_POOL : POOL;
  const load = await LoadGenerator.start();
  const results = new Map<Provider, Measured[][]>();
  const integrity: string[] = [];
  const evidence: string[] = [];
  const clickAlone: string[][] = [];
  try {
    for (const provider of ctx.databases.providers) {
      const db = await ctx.databases.create(provider, "cards");
      const store = await db.open();
      ctx.log(`card actions (${provider}): posting ${2 * size} referrals`);
      const fixture = await cardFixture(store, db.url, size);
      const card = await realClaimCard(fixture, store);
      const echo = await startEchoBot(benchConfig(db.url), card);
      const direct = directWriter(provider, db.url, fixture.directIds);
      const [anyone] = await referralPool(store, STACK_WARD.code, fixture.people);
      const echoBody = JSON.stringify(cardAction(fixture.connector.url, anyone!.user, { verb: "claim", data: { verb: "claim", referralId: anyone!.referralId, version: anyone!.version } }, anyone!));
      const stackRun = async (connections: number, seconds: number) => {
        const pool = await referralPool(store, STACK_WARD.code, fixture.people);
        const result = await load.run({ url: fixture.bot.server.url, connections, durationSec: seconds, workload: { kind: "claimRelease", serviceUrl: fixture.connector.url, pool } });
        // Requests cut off by the end of the run may still be finishing: let them, so the next pool is read after them.
        await pause(300);
        return result;
      };
      const measure = async (connections: number, seconds: number): Promise<Measured> => {
        await outboxIdle(store);
        const e = await load.run({ url: echo.url, connections, durationSec: seconds, workload: { kind: "static", body: echoBody } });
        const d = await direct.run(connections, seconds);
        await outboxIdle(store);
        return { echo: e, direct: d, stack: await stackRun(connections, seconds) };
      };
      try {
        await measure(10, ctx.options.quick ? 0.5 : 1); // warm-up: JIT, connection pools, SQLite page cache
        const runs: Measured[][] = [];
        for (let run = 0; run < ctx.options.runs; run++) {
          const row: Measured[] = [];
          for (const c of CONCURRENCY) {
            ctx.log(`card actions (${provider}): run ${run + 1}/${ctx.options.runs}, ${c} connection(s)`);
            row.push(await measure(c, durationSec));
          }
          runs.push(row);
        }
        results.set(provider, runs);
        integrity.push(await checkIntegrity(provider, store, runs, fixture));
        if (!ctx.options.quick) {
          ctx.log(`card actions (${provider}): profiling`);
          await outboxIdle(store);
          const profile = await profiled(`card-actions-${provider}`, () => stackRun(10, 3));
          evidence.push(profileMarkdown(`Claim/Release at 10 connections, ${provider} (server and outbox worker; the load generator is another process)`, profile.summary));
        }
        clickAlone.push(await clicksAlone(provider, store, fixture, ctx.options.quick ? 20 : 40));
      } finally {
        await echo.close(500);
        await direct.close();
        await fixture.bot.stop();
        await fixture.connector.stop();
        await db.drop();
      }
    }
  } finally {
    await load.stop();
  }
  return section(results, integrity, durationSec, ctx.options.runs, clickAlone, evidence, size);
}

/** One click at a time with the outbox worker stopped: its latency and the SQL statements it sends, with no concurrency at all. */
async function clicksAlone(provider: Provider, store: PrismaStore, fixture: CardFixture, clicks: number): Promise<string[]> {
  await outboxIdle(store);
  await fixture.bot.worker.stop();
  const counter = statementCounter();
  const pool = await referralPool(store, STACK_WARD.code, fixture.people);
  const times: number[] = [];
  const cpu: number[] = [];
  const statements: number[] = [];
  for (let i = 0; i < clicks; i++) {
    const entry = pool[i % 10]!;
    counter.reset();
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const response = await fetch(`${fixture.bot.server.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(cardAction(fixture.connector.url, entry.user, { verb: entry.next, data: { verb: entry.next, referralId: entry.referralId, version: entry.version } }, entry)),
    });
    const body = await response.text();
    times.push(performance.now() - started);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
    statements.push(counter.read());
    entry.version = Number(/"version":(\d+)/.exec(body)?.[1] ?? entry.version);
    entry.next = entry.next === "claim" ? "release" : "claim";
  }
  fixture.bot.worker.start();
  const claims = statements.filter((_, i) => Math.floor(i / 10) % 2 === 0);
  const releases = statements.filter((_, i) => Math.floor(i / 10) % 2 === 1);
  return [provider, `${num(median(times))} ms`, `${num(Math.min(...times))}–${num(Math.max(...times))} ms`, `${num(median(cpu))} ms`, `${num(median(claims))} / ${num(median(releases))}`];
}

/**
 * Every successful click wrote exactly one event and bumped the version once, referral by referral: nothing lost or
 * doubled under load. Run after the outbox has drained, so no click is still in flight.
 */
async function checkIntegrity(provider: Provider, store: PrismaStore, runs: Measured[][], fixture: CardFixture): Promise<string> {
  await outboxIdle(store);
  await pause(2000);
  const referrals = await store.db.referral.findMany({ where: { wardCode: STACK_WARD.code }, select: { id: true, version: true, case: { select: { crimeRef: true } } } });
  const counts = await store.db.event.groupBy({ by: ["subjectId"], where: { action: { in: ["referral.claim", "referral.release"] }, subjectId: { in: referrals.map((r) => r.case.crimeRef) } }, _count: { _all: true } });
  const eventsOf = new Map(counts.map((c) => [c.subjectId, c._count._all]));
  const bumps = referrals.reduce((sum, r) => sum + (r.version - 1), 0);
  const events = counts.reduce((sum, c) => sum + c._count._all, 0);
  const mismatched = referrals.filter((r) => (eventsOf.get(r.case.crimeRef) ?? 0) !== r.version - 1);
  const all = runs.flat().map((m) => m.stack);
  const failed = all.reduce((s, r) => s + r.failedActions + r.errors + r.non2xx, 0);
  const clicks = all.reduce((s, r) => s + r.completed, 0);
  const errors = fixture.bot.errorsLogged();
  const detail = mismatched
    .slice(0, 3)
    .map((r) => `referral ${r.id}: ${eventsOf.get(r.case.crimeRef) ?? 0} events, version ${r.version}`)
    .join("; ");
  return (
    `${provider}: ${clicks} timed clicks (plus warm-up), ${failed} failed or stale; ${events} claim/release events and ${bumps} version increments — ` +
    (mismatched.length === 0 ? "equal for every referral" : `**${mismatched.length} referral(s) differ** (${detail})`) +
    `; ${errors.length === 0 ? "no error logged by the bot" : `**${errors.length} error(s) logged by the bot**, e.g. ${errors[0]!.slice(0, 300)}`}.`
  );
}

function section(results: Map<Provider, Measured[][]>, integrity: string[], durationSec: number, runs: number, clickAlone: string[][], evidence: string[], size: number): Section {
  const rows: string[][] = [];
  const targets: Target[] = [];
  for (const [provider, measured] of results) {
    for (const [i, c] of CONCURRENCY.entries()) {
      const at = measured.map((row) => row[i]!);
      const latencyRatio = spread(at.map((m) => m.stack.latency.p50 / (m.echo.latency.p50 + m.direct.latency.p50)));
      // Requests per second of the two baselines in series: one request costs the echo's time plus the direct write's.
      const composed = (m: Measured) => 1 / (1 / m.echo.rps + 1 / m.direct.rps);
      const throughputRatio = spread(at.map((m) => composed(m) / m.stack.rps));
      rows.push([
        provider,
        String(c),
        showSpread(spread(at.map((m) => m.stack.latency.p50)), " ms"),
        showSpread(spread(at.map((m) => m.echo.latency.p50)), " ms"),
        showSpread(spread(at.map((m) => m.direct.latency.p50)), " ms"),
        `**${showSpread(latencyRatio, "×")}**`,
        showSpread(spread(at.map((m) => m.stack.latency.p99)), " ms"),
        showSpread(spread(at.map((m) => m.stack.rps)), "/s"),
        showSpread(spread(at.map(composed)), "/s"),
        `**${showSpread(throughputRatio, "×")}**`,
      ]);
      targets.push({ name: `${provider}, ${c} conn.: median latency ≤ ${TARGET} × (echo + direct write)`, figure: `${num(latencyRatio.median)}× (${num(latencyRatio.min)}–${num(latencyRatio.max)})`, met: latencyRatio.median <= TARGET });
      targets.push({ name: `${provider}, ${c} conn.: throughput ≥ 1/${TARGET} of the baselines in series`, figure: `${num(throughputRatio.median)}× as long per request`, met: throughputRatio.median <= TARGET });
    }
  }
  return {
    title: "1. Card actions: Claim → Release through the whole stack",
    method: [
      `Each request is a Teams \`adaptiveCard/action\` invoke POSTed to \`/api/messages\` of the real server started in-process (restify → Bot Framework adapter → teams-ai Application → card action → ReferralService → Prisma → database → card render → invoke response), by autocannon in a child process, closed-loop, for ${durationSec} s per measurement at 1, 10 and 50 connections, after a warm-up.`,
      `Each connection takes one of ${size} posted referrals (posted by the real outbox worker to a loopback fake Bot Connector) and clicks Claim then Release on it with the version its last answer showed, so every click is a real state change; the outbox worker runs as deployed and edits the shared card after each click (into the fake connector).`,
      "Baselines, measured in the same run right before each stack measurement at the same concurrency:",
      "(a) **echo**: a bare botbuilder bot on the same restify server, body parser and teams-ai `TeamsAdapter`, answering the same invoke body with the same card (captured from a real Claim answer) — no Application, no database;",
      "(b) **direct write**: the same database writes straight through the driver (better-sqlite3 / pg with the application's pool size of 10) in one transaction — read the referral by id, conditional `UPDATE … WHERE id AND version`, `INSERT` event, `INSERT` outbox item — by as many concurrent clients, closed-loop.",
      `Latency ratio = stack median ÷ (echo median + direct-write median), per run; throughput ratio = (requests/s of echo and direct write in series, 1/(1/a+1/b)) ÷ stack requests/s. Target for both: ≤ ${TARGET}. Latencies are from every response (sub-millisecond resolution).`,
    ].join("\n"),
    figures: [
      table(["DB", "Conn.", "Stack p50", "Echo p50", "Direct p50", "Latency ratio", "Stack p99", "Stack req/s", "Baselines in series req/s", "Throughput ratio"], rows),
      "",
      `Medians with (min–max) over ${runs} runs. Integrity after the runs:`,
      "",
      ...integrity.map((line) => `- ${line}`),
    ].join("\n"),
    targets,
    evidence: [
      "### Where a click's time goes",
      "",
      "One click at a time (alternately Claim and Release, 10 referrals in turn, outbox worker stopped), with the CPU time it takes in the process that runs the server and sends the click (`process.cpuUsage`: unlike latency, hardly affected by other work on the machine) and the SQL statements each sends to the driver (counted by wrapping better-sqlite3's prepare/exec and pg's Client.query; BEGIN/COMMIT included):",
      "",
      table(["DB", "Median latency", "Range", "Median CPU per click", "SQL statements per Claim / Release"], clickAlone),
      "",
      "For comparison, the direct-write baseline sends 4 statements in one transaction (6 with BEGIN/COMMIT).",
      "",
      ...evidence.flatMap((e) => [e, ""]),
    ].join("\n"),
  };
}
