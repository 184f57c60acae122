import seedrandom from "seedrandom";
import { createServices } from "../../src/services.js";
import { systemClock } from "../../src/domain/clock.js";
import { allocationParams, allocationSequence } from "../../src/domain/allocation/index.js";
import { demoCaseLines } from "../../src/intake/demoData.js";
import { demoWards, DEMO_BOROUGHS } from "../../src/intake/demoWards.js";
import { createLogger } from "../../src/log.js";
import { ADMIN_AAD, benchConfig } from "../lib/bot.js";
import type { BenchDatabase, Provider } from "../lib/databases.js";
import { profiled, profileMarkdown } from "../lib/profiler.js";
import { table, type Section } from "../lib/report.js";
import { num, showSpread, spread, timed } from "../lib/spread.js";
import { statementCounter } from "../lib/statementCounter.js";
import type { SuiteContext } from "../lib/suite.js";

interface AllocationRun {
  allocateMs: number;
  engineMs: number;
  statements: number;
  allocated: number;
  referrals: number;
}

/** `count` pending cases over the 79 demo wards, all in trial mode: the template every run copies. */
async function pendingCases(ctx: SuiteContext, provider: Provider, count: number): Promise<{ template: BenchDatabase; eligible: number }> {
  const db = await ctx.databases.create(provider, "alloc-template");
  const store = await db.open();
  const deps = createServices(benchConfig(db.url), store, createLogger("silent"), systemClock);
  const wards = demoWards(seedrandom("bench-alloc:wards"), 79);
  await deps.wards.importWards(wards.map((w) => ({ ...w, mode: "trial" as const, enabled: true })), "bench");
  const csv = [...demoCaseLines({ seed: "bench-alloc", rows: count, wards, start: new Date("2024-01-01T00:00:00Z") })].join("\n") + "\n";
  const imported = await deps.intake.importCsv([csv], { actor: "bench", skipInvalid: true, source: "bench" });
  if (!imported.written || imported.created !== count) throw new Error("import refused");
  const eligible = await store.db.case.count({ where: { eligible: true } });
  await db.close();
  return { template: db, eligible };
}

/** The engine alone: the same number of allocations from the same kind of sequences (one per borough stratum). */
function engineOnly(count: number): number {
  const params = allocationParams({ seed: "bench-engine" });
  const started = performance.now();
  let src = 0;
  for (const [i, borough] of DEMO_BOROUGHS.entries()) {
    const share = Math.floor(count / DEMO_BOROUGHS.length) + (i < count % DEMO_BOROUGHS.length ? 1 : 0);
    let taken = 0;
    for (const allocation of allocationSequence(params, borough)) {
      if (allocation.arm === "SRC") src++;
      if (++taken === share) break;
    }
  }
  if (src === 0) throw new Error("no SRC allocations");
  return performance.now() - started;
}

export async function allocation(ctx: SuiteContext): Promise<Section> {
  const count = ctx.options.quick ? 500 : 10_000;
  // Full runs end with one more run under the profiler (not timed: sampling costs time).
  const extra = ctx.options.quick ? 0 : 1;
  const counter = statementCounter();
  const results = new Map<Provider, AllocationRun[]>();
  const evidence: string[] = [];
  for (const provider of ctx.databases.providers) {
    ctx.log(`allocation (${provider}): importing ${count} pending cases`);
    const { template, eligible } = await pendingCases(ctx, provider, count);
    const runs: AllocationRun[] = [];
    engineOnly(count); // warm-up
    for (let run = 0; run < ctx.options.runs + extra; run++) {
      const db = await ctx.databases.copy(template, "alloc");
      const store = await db.open();
      const deps = createServices(benchConfig(db.url), store, createLogger("silent"), systemClock);
      try {
        const engineMs = engineOnly(count);
        ctx.log(`allocation (${provider}): run ${run + 1}/${ctx.options.runs + extra}${run === ctx.options.runs ? " (profiled)" : ""}`);
        counter.reset();
        const allocate = () => deps.allocation.allocate({ actor: ADMIN_AAD });
        if (run === ctx.options.runs) {
          const { summary } = await profiled(`allocate-${provider}`, allocate);
          evidence.push(profileMarkdown(`/allocate of ${count.toLocaleString("en-GB")} cases, ${provider}`, summary));
          continue;
        }
        const { ms, value } = await timed(allocate);
        // The demo data has about 5% non-crime incidents: not eligible, so /allocate leaves them alone.
        if (value.allocated.length !== eligible) throw new Error(`allocated ${value.allocated.length} of ${eligible} eligible cases`);
        runs.push({ allocateMs: ms, engineMs, statements: counter.read(), allocated: value.allocated.length, referrals: value.allocated.filter((a) => a.arm === "SRC").length });
      } finally {
        await db.drop();
      }
    }
    await template.drop();
    results.set(provider, runs);
  }
  const rows = [...results].map(([provider, runs]) => [
    provider,
    showSpread(spread(runs.map((r) => r.allocateMs / 1000)), " s"),
    showSpread(spread(runs.map((r) => r.allocateMs / count)), " ms"),
    showSpread(spread(runs.map((r) => (r.engineMs * 1000) / count)), " µs"),
    `**${showSpread(spread(runs.map((r) => r.allocateMs / r.engineMs)), "×")}**`,
    `${num(runs[0]?.allocated ?? 0)} / ${num(runs[0]?.referrals ?? 0)}`,
    num(runs[0]?.statements ?? 0),
  ]);
  return {
    title: `4. Allocation: ${count.toLocaleString("en-GB")} pending cases in one /allocate`,
    method: [
      `${count.toLocaleString("en-GB")} demo cases (src/intake demo data, 79 wards in trial mode, stratified by borough; about 5% are non-crime incidents, not eligible, which /allocate leaves alone) imported and left pending; each run allocates a fresh copy with \`deps.allocation.allocate\` — what /allocate calls: batches of 500 in transactions that lock the trial row, stratified permuted blocks, the chained list hash, a referral and an outbox item per SRC case, an event per case.`,
      `Baseline: the raw randomisation engine (\`allocationSequence\` of src/domain/allocation) generating ${count.toLocaleString("en-GB")} allocations over the same four borough strata, in memory. No target was set: time per case is reported; the ratio says how much of it is the engine (almost none: the rest is the database work per case).`,
    ].join("\n"),
    figures: table(["DB", "allocate()", "Per case", "Engine per allocation", "Ratio", "Randomised / SRC referrals made", "SQL statements"], rows),
    targets: [],
    evidence: evidence.join("\n\n"),
  };
}
