import { createWriteStream, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import seedrandom from "seedrandom";
import { createServices } from "../../src/services.js";
import { systemClock } from "../../src/domain/clock.js";
import { writeDemoCases } from "../../src/intake/demoData.js";
import { demoWards } from "../../src/intake/demoWards.js";
import { createLogger } from "../../src/log.js";
import { projectRoot } from "../../src/paths.js";
import { benchConfig } from "../lib/bot.js";
import { nodeEntry, runMeasured, type ChildRun } from "../lib/childProcess.js";
import { RUN_DIR, type BenchDatabase, type Provider } from "../lib/databases.js";
import { table, type Section, type Target } from "../lib/report.js";
import { PROFILE_DIR, profileMarkdown, summariseFile } from "../lib/profiler.js";
import { mib, num, showSpread, spread } from "../lib/spread.js";
import type { SuiteContext } from "../lib/suite.js";

const SEED = "bench-import";
/** A JS heap the small file's import fits in: a streaming import would fit any file in it. */
const HEAP_CAP_MB = 128;

interface CappedRuns {
  small: ChildRun;
  large: ChildRun;
}

interface ImportRun {
  importRun: ChildRun;
  /** The same import of a file a tenth the size: how memory grows with the file. */
  smallRun: ChildRun;
  parseRun: ChildRun;
}

/** The force's rate (22,421 a year): 100,000 cases span four and a half years. */
const CASES_PER_DAY = 61;

/** Demo cases ending a month before `now` (the intake refuses report dates in the future); the small file is the large one's start. */
async function writeCsv(rows: number, allRows: number, now: Date): Promise<string> {
  const dir = join(RUN_DIR, "import");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `cases-${rows}.csv`);
  const out = createWriteStream(file);
  const start = new Date(now.getTime() - (allRows / CASES_PER_DAY + 30) * 86_400_000);
  await writeDemoCases(out, { seed: SEED, rows, start, casesPerDay: CASES_PER_DAY });
  out.end();
  await once(out, "finish");
  return file;
}

/** A database with the demo wards the file's cases are in, copied for every run. */
async function wardsOnly(ctx: SuiteContext, provider: Provider): Promise<BenchDatabase> {
  const db = await ctx.databases.create(provider, "import-template");
  const deps = createServices(benchConfig(db.url), await db.open(), createLogger("silent"), systemClock);
  await deps.wards.importWards(demoWards(seedrandom(`${SEED}:wards`), 79).map((w) => ({ ...w, enabled: true })), "bench");
  await db.close();
  return db;
}

function peakMib(run: ChildRun): number {
  return run.maxRssKb === undefined ? Number.NaN : run.maxRssKb / 1024;
}

export async function importCsv(ctx: SuiteContext): Promise<Section> {
  const rows = ctx.options.quick ? 2_000 : 100_000;
  const now = new Date();
  const file = await writeCsv(rows, rows, now);
  const fileBytes = statSync(file).size;
  const small = await writeCsv(rows / 10, rows, now);
  const smallBytes = statSync(small).size;
  const cli = nodeEntry("cli/main");
  // The same loader for every child, so start-up costs match.
  const loader = cli.args[0] === "--import" ? ["--import", "tsx"] : [];
  const parseOnly = [...loader, join(projectRoot, "bench", "children", "csvParseOnly.mjs")];
  ctx.log(`import: ${rows} rows, ${num(mib(fileBytes))} MiB; idle node baselines`);
  const idle = { plain: await runMeasured(process.execPath, ["-e", "0"]), loader: await runMeasured(process.execPath, [...loader, "-e", "0"]) };
  const results = new Map<Provider, ImportRun[]>();
  const capped = new Map<Provider, CappedRuns>();
  const evidence: string[] = [];
  for (const provider of ctx.databases.providers) {
    const template = await wardsOnly(ctx, provider);
    const runs: ImportRun[] = [];
    for (let run = 0; run < ctx.options.runs; run++) {
      ctx.log(`import (${provider}): run ${run + 1}/${ctx.options.runs}`);
      const db = await ctx.databases.copy(template, "import");
      const smallDb = await ctx.databases.copy(template, "import-small");
      try {
        const parseRun = await runMeasured(process.execPath, [...parseOnly, file]);
        if (parseRun.code !== 0 || !parseRun.stdout.includes(`"records":${rows + 1}`)) throw new Error(`csv-parse baseline failed: ${parseRun.stderr.slice(-500)}`);
        const env = { LOG_LEVEL: "warn", DB_MIGRATE_ON_START: "false" };
        // A failed import is a finding, recorded with its reason, not a reason to stop.
        const smallRun = await runMeasured(process.execPath, [...cli.args, "cases", "import", small], { ...env, DATABASE_URL: smallDb.url });
        const importRun = await runMeasured(process.execPath, [...cli.args, "cases", "import", file], { ...env, DATABASE_URL: db.url });
        if (!imported(importRun, rows)) ctx.log(`import (${provider}): FAILED — ${failure(importRun)}`);
        runs.push({ importRun, smallRun, parseRun });
      } finally {
        await db.drop();
        await smallDb.drop();
      }
    }
    if (ctx.options.quick) {
      await template.drop();
      results.set(provider, runs);
      continue;
    }
    ctx.log(`import (${provider}): both files with the JS heap capped at ${HEAP_CAP_MB} MiB`);
    const cap = async (csv: string) => {
      const db = await ctx.databases.copy(template, "import-capped");
      try {
        return await runMeasured(process.execPath, [`--max-old-space-size=${HEAP_CAP_MB}`, ...cli.args, "cases", "import", csv], { LOG_LEVEL: "warn", DB_MIGRATE_ON_START: "false", DATABASE_URL: db.url });
      } finally {
        await db.drop();
      }
    };
    capped.set(provider, { small: await cap(small), large: await cap(file) });
    if (provider === "sqlite") evidence.push(await profileImport(ctx, template, cli.args, file, rows));
    await template.drop();
    results.set(provider, runs);
  }
  return { ...section(results, rows, { fileBytes, smallBytes }, cli.label, idle, capped), evidence: evidence.join("\n\n") };
}

/** The command under `node --cpu-prof`, from start to exit (start-up included: a few seconds of the total). */
async function profileImport(ctx: SuiteContext, template: BenchDatabase, cliArgs: readonly string[], file: string, rows: number): Promise<string> {
  ctx.log("import (sqlite): profiled run");
  const dir = join(PROFILE_DIR, "import");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const db = await ctx.databases.copy(template, "import-profiled");
  try {
    const run = await runMeasured(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${dir}`, ...cliArgs, "cases", "import", file], { LOG_LEVEL: "warn", DB_MIGRATE_ON_START: "false", DATABASE_URL: db.url });
    if (!imported(run, rows)) throw new Error(`profiled import failed: ${failure(run)}`);
  } finally {
    await db.drop();
  }
  const [profile] = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  if (!profile) throw new Error("node --cpu-prof wrote no profile");
  return profileMarkdown(`\`reassure cases import\` of ${rows.toLocaleString("en-GB")} rows, sqlite (node --cpu-prof)`, summariseFile(join(dir, profile)));
}

function imported(run: ChildRun, rows: number): boolean {
  return run.code === 0 && run.stdout.includes(`${rows} new`);
}

/** Why the command failed, in a line: its own message (before /usr/bin/time's report), or running out of heap. */
function failure(run: ChildRun): string {
  const stderr = run.stderr.split("\tCommand being timed")[0] ?? "";
  if (/heap out of memory|Reached heap limit/i.test(stderr)) return "ran out of JS heap";
  const reason = stderr.split("\n").find((line) => /Transaction API error|error/i.test(line) && !line.includes("DeprecationWarning")) ?? stderr.trim().split("\n")[0] ?? "";
  return `exit ${run.code}: ${reason.trim().slice(0, 240)}`;
}

function outcome(run: ChildRun, rows: number): string {
  if (imported(run, rows)) return `imported in ${num(run.wallMs / 1000)} s, peak ${num(peakMib(run))} MiB`;
  return `**${failure(run)}** after ${num(run.wallMs / 1000)} s`;
}

function section(
  results: Map<Provider, ImportRun[]>,
  rows: number,
  sizes: { fileBytes: number; smallBytes: number },
  how: string,
  idle: { plain: ChildRun; loader: ChildRun },
  capped: Map<Provider, CappedRuns>,
): Section {
  const fileMib = mib(sizes.fileBytes);
  const extraMib = mib(sizes.fileBytes - sizes.smallBytes);
  const idleMib = peakMib(idle.loader);
  const tableRows: string[][] = [];
  const targets: Target[] = [];
  const failures: string[] = [];
  for (const [provider, all] of results) {
    const runs = all.filter((r) => imported(r.importRun, rows) && imported(r.smallRun, rows / 10));
    const failed = all.filter((r) => !imported(r.importRun, rows) || !imported(r.smallRun, rows / 10));
    if (failed.length > 0) {
      const r = failed[0]!;
      const which = imported(r.smallRun, rows / 10) ? r.importRun : r.smallRun;
      failures.push(`${provider}: **${failed.length} of ${all.length} runs failed** — ${failure(which)} (after ${num(which.wallMs / 1000)} s, peak ${num(peakMib(which))} MiB).`);
    }
    targets.push({ name: `${provider}: ${rows.toLocaleString("en-GB")} rows imported`, figure: failed.length === 0 ? `in every run` : `failed in ${failed.length} of ${all.length} runs`, met: failed.length === 0 });
    if (runs.length === 0) {
      tableRows.push([provider, "failed", ...Array<string>(8).fill("–")]);
      continue;
    }
    const timeRatio = spread(runs.map((r) => r.importRun.wallMs / r.parseRun.wallMs));
    // Memory per MiB of file: the large import's peak over the small one's, per MiB of file between them.
    const growth = spread(runs.map((r) => (peakMib(r.importRun) - peakMib(r.smallRun)) / extraMib));
    tableRows.push([
      provider,
      showSpread(spread(runs.map((r) => r.importRun.wallMs / 1000)), " s"),
      showSpread(spread(runs.map((r) => r.parseRun.wallMs / 1000)), " s"),
      `**${showSpread(timeRatio, "×")}**`,
      showSpread(spread(runs.map((r) => (1000 * rows) / r.importRun.wallMs)), " rows/s", 3),
      showSpread(spread(runs.map((r) => peakMib(r.importRun))), " MiB"),
      showSpread(spread(runs.map((r) => peakMib(r.smallRun))), " MiB"),
      showSpread(spread(runs.map((r) => peakMib(r.parseRun))), " MiB"),
      `**${showSpread(growth, " MiB")}**`,
    ]);
  }
  // The memory bound: held as objects, 100,000 rows would need several times the capped heap; streamed, the import
  // needs the same heap for a tenth of the file as for all of it.
  for (const [provider, c] of capped) {
    const bounded = imported(c.large, rows) && imported(c.small, rows / 10);
    targets.push({
      name: `${provider}: bounded memory — the ${rows.toLocaleString("en-GB")}-row file imports with the JS heap capped at ${HEAP_CAP_MB} MiB`,
      figure: bounded ? `peak RSS ${num(peakMib(c.large))} MiB, ${num(peakMib(c.large) - peakMib(c.small))} MiB more than for the ${(rows / 10).toLocaleString("en-GB")}-row file` : failure(imported(c.large, rows) ? c.small : c.large),
      met: bounded,
    });
  }
  return {
    title: `5. Import: a ${rows.toLocaleString("en-GB")}-row CSV through \`reassure cases import\``,
    method: [
      `The file: ${rows.toLocaleString("en-GB")} demo cases from \`writeDemoCases\` (src/intake), **${num(fileMib)} MiB** on disk. Each run imports it into a fresh database holding only the 79 wards, with \`reassure cases import <file>\` in a child process (${how}), under \`/usr/bin/time -v\` for its peak resident memory; wall time from spawn to exit.`,
      `Baselines, in the same run: the same file through csv-parse alone with the intake's options, streamed and dropped (bench/children/csvParseOnly.mjs, same loader: time and memory); and a node process that does nothing (\`node ${how.includes("tsx") ? "--import tsx " : ""}-e 0\`): **${num(idleMib)} MiB** peak (plain \`node -e 0\`: ${num(peakMib(idle.plain))} MiB). To see whether memory grows with the file, each run also imports the file's first tenth (${(rows / 10).toLocaleString("en-GB")} rows, ${num(mib(sizes.smallBytes))} MiB) into another fresh database: growth = (peak − peak of the small import) ÷ (${num(extraMib)} MiB of file between them). With the heap uncapped, V8 collects lazily and the resident set grows with the work done, held or not; so the memory bound is judged with the heap capped (below): an import that held the rows as objects would run out of it.`,
    ].join("\n"),
    figures: [
      table(["DB", "Import", "csv-parse alone", "Time ratio", "Import rate", "Import peak RSS", `Peak RSS, ${(rows / 10).toLocaleString("en-GB")}-row file`, "csv-parse peak RSS", "Memory growth per MiB of file"], tableRows),
      ...(failures.length === 0 ? [] : ["", "Failed imports (figures above are from the successful runs only):", "", ...failures.map((f) => `- ${f}`)]),
      ...(capped.size === 0 ? [] : ["",
      `With the JS heap capped at ${HEAP_CAP_MB} MiB (\`node --max-old-space-size=${HEAP_CAP_MB}\`), once per database — a streaming import needs the same heap for any file:`,
      "",
      table(
        ["DB", `${(rows / 10).toLocaleString("en-GB")}-row file`, `${rows.toLocaleString("en-GB")}-row file`],
        [...capped].map(([provider, c]) => [provider, outcome(c.small, rows / 10), outcome(c.large, rows)]),
      )]),
    ].join("\n"),
    targets,
  };
}
