import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { projectRoot } from "../../src/paths.js";
import { nodeEntry } from "../lib/childProcess.js";
import type { BenchDatabase, Provider } from "../lib/databases.js";
import { table, type Section } from "../lib/report.js";
import { showSpread, spread } from "../lib/spread.js";
import { pause, type SuiteContext } from "../lib/suite.js";
import { LoadGenerator } from "../load/loadGenerator.js";
import type { LoadResult } from "../load/protocol.js";
import { cardFixture, outboxIdle, POOL, QUICK_POOL, STACK_WARD, type CardFixture } from "./cardActions.js";
import { referralPool } from "../lib/referralFixture.js";

interface ProcessRun {
  startMs: number;
  idleRssMib: number;
  bareStartMs: number;
  bareIdleRssMib: number;
  loadPeakRssMib: number;
  load: LoadResult;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Resident memory of a process now, from /proc (Linux). */
function rssMib(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = /VmRSS:\s+(\d+) kB/.exec(status);
  return kb ? Number(kb[1]) / 1024 : Number.NaN;
}

interface Started {
  child: ChildProcess;
  url: string;
  ms: number;
  output: () => string;
}

/** Spawns a server and polls GET /readyz every 10 ms until it answers 200: the time from spawn to ready. */
async function startUntilReady(args: readonly string[], env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [...args], { cwd: projectRoot, env: { ...process.env, NODE_NO_WARNINGS: "1", PORT: String(port), ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr!.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}) before it was ready: ${output}`);
    if (performance.now() - started > 120_000) throw new Error(`server not ready after 2 minutes: ${output}`);
    const ok = await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false);
    if (ok) return { child, url, ms: performance.now() - started, output: () => output };
    await pause(10);
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function processFootprint(ctx: SuiteContext): Promise<Section> {
  const provider: Provider = "sqlite";
  const main = nodeEntry("main");
  const loader = main.args[0] === "--import" ? ["--import", "tsx"] : [];
  const bare = [...loader, join(projectRoot, "bench", "children", "bareRestify.mjs")];
  const loadSec = ctx.options.quick ? 1 : 10;
  const settleMs = ctx.options.quick ? 500 : 1000;
  // Posted referrals to click on, as in benchmark 1; the in-process bot is then stopped and the child serves the file.
  ctx.log("process: preparing posted referrals");
  const db: BenchDatabase = await ctx.databases.create(provider, "process");
  const store = await db.open();
  const fixture: CardFixture = await cardFixture(store, db.url, ctx.options.quick ? QUICK_POOL : POOL);
  await outboxIdle(store);
  await fixture.bot.stop();
  const load = await LoadGenerator.start();
  const runs: ProcessRun[] = [];
  try {
    for (let run = 0; run < ctx.options.runs; run++) {
      ctx.log(`process: run ${run + 1}/${ctx.options.runs}`);
      const b = await startUntilReady(bare, {});
      await pause(settleMs);
      const bareIdleRssMib = rssMib(b.child.pid!);
      await stop(b.child);

      const pool = await referralPool(store, STACK_WARD.code, fixture.people);
      const server = await startUntilReady(main.args, { DATABASE_URL: db.url, DB_MIGRATE_ON_START: "false", LOG_LEVEL: "warn" });
      try {
        await pause(settleMs);
        const idleRssMib = rssMib(server.child.pid!);
        let peak = idleRssMib;
        const sampler = setInterval(() => (peak = Math.max(peak, rssMib(server.child.pid!))), 100);
        const result = await load.run({ url: server.url, connections: 50, durationSec: loadSec, workload: { kind: "claimRelease", serviceUrl: fixture.connector.url, pool } });
        clearInterval(sampler);
        peak = Math.max(peak, rssMib(server.child.pid!));
        if (result.completed === 0) throw new Error(`no click answered: ${server.output()}`);
        runs.push({ startMs: server.ms, idleRssMib, bareStartMs: b.ms, bareIdleRssMib, loadPeakRssMib: peak, load: result });
      } finally {
        await stop(server.child);
        await pause(300);
      }
    }
  } finally {
    await load.stop();
    await fixture.connector.stop();
    await db.drop();
  }
  const s = (pick: (r: ProcessRun) => number, unit: string) => showSpread(spread(runs.map(pick)), unit);
  return {
    title: "6. Process: start-up, idle memory, memory under load",
    method: [
      `Reassure started as \`${main.label}\` on a migrated SQLite database (DB_MIGRATE_ON_START=false: \`auto\` would also run Prisma's migrate CLI at start), local mode, LOG_LEVEL=warn: start-up is spawn → first \`GET /readyz\` answering 200 (polled every 10 ms; /readyz also checks the database and its migrations). Idle memory: resident set (VmRSS) ${settleMs / 1000} s later. Then the Claim/Release load of benchmark 1 at 50 connections for ${loadSec} s against it (the outbox worker and jobs run, card edits go to a loopback fake connector under Teams' limits): peak resident set, sampled every 100 ms.`,
      "Baseline, in the same run: a bare restify server (bench/children/bareRestify.mjs: one route) started the same way (same node, same loader) — time to its first 200 and its idle resident set.",
    ].join("\n"),
    figures: table(
      ["", "Reassure", "Bare restify", "Ratio"],
      [
        ["Start-up to /readyz 200", s((r) => r.startMs, " ms"), s((r) => r.bareStartMs, " ms"), `**${s((r) => r.startMs / r.bareStartMs, "×")}**`],
        ["Idle RSS", s((r) => r.idleRssMib, " MiB"), s((r) => r.bareIdleRssMib, " MiB"), `**${s((r) => r.idleRssMib / r.bareIdleRssMib, "×")}**`],
        [`Peak RSS under 50-connection Claim/Release (${s((r) => r.load.rps, "/s")} answered, p50 ${s((r) => r.load.latency.p50, " ms")})`, s((r) => r.loadPeakRssMib, " MiB"), "", `${s((r) => r.loadPeakRssMib / r.idleRssMib, "×")} idle`],
      ],
    ),
    targets: [],
  };
}
