import { createWriteStream, mkdirSync, statSync } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import seedrandom from "seedrandom";
import { createServices } from "../../src/app.js";
import { systemClock } from "../../src/domain/clock.js";
import { writeDemoCases } from "../../src/intake/demoData.js";
import { demoWards } from "../../src/intake/demoWards.js";
import { createLogger } from "../../src/log.js";
import { projectRoot } from "../../src/paths.js";
import { benchConfig } from "../lib/bot.js";
import { nodeEntry, runMeasured, type ChildRun } from "../lib/childProcess.js";
import { RUN_DIR, type BenchDatabase, type Provider } from "../lib/databases.js";
import { table, type Section, type Target } from "../lib/report.js";
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

async function writeCsv(rows: number): Promise<string> {
  const dir = join(RUN_DIR, "import");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `cases-${rows}.csv`);
  const out = createWriteStream(file);
  await writeDemoCases(out, { seed: SEED, rows });
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
  const file = await writeCsv(rows);
  const fileBytes = statSync(file).size;
  const small = await writeCsv(rows / 10);
  const smallBytes = statSync(small).size;
  const cli = nodeEntry("cli/main");
  // The same loader for every child, so start-up costs match.
  const loader = cli.args[0] === "--import" ? ["--import", "tsx"] : [];
  const parseOnly = [...loader, join(projectRoot, "bench", "children", "csvParseOnly.mjs")];
  ctx.log(`import: ${rows} rows, ${num(mib(fileBytes))} MiB; idle node baselines`);
  const idle = { plain: await runMeasured(process.execPath, ["-e", "0"]), loader: await runMeasured(process.execPath, [...loader, "-e", "0"]) };
  const results = new Map<Provider, ImportRun[]>();
  const capped = new Map<Provider, CappedRuns>();
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
        const smallRun = await runMeasured(process.execPath, [...cli.args, "cases", "import", small], { ...env, DATABASE_URL: smallDb.url });
        if (smallRun.code !== 0 || !smallRun.stdout.includes(`${rows / 10} new`)) throw new Error(`import failed (${smallRun.code}): ${smallRun.stdout.slice(-300)} ${smallRun.stderr.slice(-800)}`);
        const importRun = await runMeasured(process.execPath, [...cli.args, "cases", "import", file], { ...env, DATABASE_URL: db.url });
        if (importRun.code !== 0 || !importRun.stdout.includes(`${rows} new`)) throw new Error(`import failed (${importRun.code}): ${importRun.stdout.slice(-300)} ${importRun.stderr.slice(-800)}`);
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
    await template.drop();
    results.set(provider, runs);
  }
  return section(results, rows, { fileBytes, smallBytes }, cli.label, idle, capped);
}

function outcome(run: ChildRun, rows: number): string {
  if (run.code === 0 && run.stdout.includes(`${rows} new`)) return `imported in ${num(run.wallMs / 1000)} s, peak ${num(peakMib(run))} MiB`;
  const oom = /heap out of memory|Reached heap limit/i.test(run.stderr);
  return `**${oom ? "ran out of JS heap" : `failed (exit ${run.code})`}** after ${num(run.wallMs / 1000)} s`;
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
  for (const [provider, runs] of results) {
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
    // Streaming means memory that does not grow with the file; rows held as objects cost many times their text.
    targets.push({ name: `${provider}: import streams (memory grows ≪ the file's size)`, figure: `${num(growth.median)} MiB more per MiB of file (file ${num(fileMib)} MiB)`, met: growth.median < 1 });
  }
  return {
    title: `5. Import: a ${rows.toLocaleString("en-GB")}-row CSV through \`reassure cases import\``,
    method: [
      `The file: ${rows.toLocaleString("en-GB")} demo cases from \`writeDemoCases\` (src/intake), **${num(fileMib)} MiB** on disk. Each run imports it into a fresh database holding only the 79 wards, with \`reassure cases import <file>\` in a child process (${how}), under \`/usr/bin/time -v\` for its peak resident memory; wall time from spawn to exit.`,
      `Baselines, in the same run: the same file through csv-parse alone with the intake's options, streamed and dropped (bench/children/csvParseOnly.mjs, same loader: time and memory); and a node process that does nothing (\`node ${how.includes("tsx") ? "--import tsx " : ""}-e 0\`): **${num(idleMib)} MiB** peak (plain \`node -e 0\`: ${num(peakMib(idle.plain))} MiB). To see whether memory grows with the file, each run also imports the file's first tenth (${(rows / 10).toLocaleString("en-GB")} rows, ${num(mib(sizes.smallBytes))} MiB) into another fresh database: growth = (peak − peak of the small import) ÷ (${num(extraMib)} MiB of file between them). A streaming import grows by ≈ 0; one that holds the rows as objects grows by many times the text it holds.`,
    ].join("\n"),
    figures: [
      table(["DB", "Import", "csv-parse alone", "Time ratio", "Import rate", "Import peak RSS", `Peak RSS, ${(rows / 10).toLocaleString("en-GB")}-row file`, "csv-parse peak RSS", "Memory growth per MiB of file"], tableRows),
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
