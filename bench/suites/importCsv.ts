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
import { WORK_DIR, type BenchDatabase, type Provider } from "../lib/databases.js";
import { table, type Section, type Target } from "../lib/report.js";
import { mib, num, showSpread, spread } from "../lib/spread.js";
import type { SuiteContext } from "../lib/suite.js";

const SEED = "bench-import";

interface ImportRun {
  importRun: ChildRun;
  parseRun: ChildRun;
}

async function writeCsv(rows: number): Promise<string> {
  const dir = join(WORK_DIR, "import");
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
  const cli = nodeEntry("cli/main");
  // The same loader for every child, so start-up costs match.
  const loader = cli.args[0] === "--import" ? ["--import", "tsx"] : [];
  const parseOnly = [...loader, join(projectRoot, "bench", "children", "csvParseOnly.mjs")];
  ctx.log(`import: ${rows} rows, ${num(mib(fileBytes))} MiB; idle node baselines`);
  const idle = { plain: await runMeasured(process.execPath, ["-e", "0"]), loader: await runMeasured(process.execPath, [...loader, "-e", "0"]) };
  const results = new Map<Provider, ImportRun[]>();
  for (const provider of ctx.databases.providers) {
    const template = await wardsOnly(ctx, provider);
    const runs: ImportRun[] = [];
    for (let run = 0; run < ctx.options.runs; run++) {
      ctx.log(`import (${provider}): run ${run + 1}/${ctx.options.runs}`);
      const db = await ctx.databases.copy(template, "import");
      try {
        const parseRun = await runMeasured(process.execPath, [...parseOnly, file]);
        if (parseRun.code !== 0 || !parseRun.stdout.includes(`"records":${rows + 1}`)) throw new Error(`csv-parse baseline failed: ${parseRun.stderr.slice(-500)}`);
        const importRun = await runMeasured(process.execPath, [...cli.args, "cases", "import", file], { DATABASE_URL: db.url, LOG_LEVEL: "warn", DB_MIGRATE_ON_START: "false" });
        if (importRun.code !== 0 || !importRun.stdout.includes(`${rows} new`)) throw new Error(`import failed (${importRun.code}): ${importRun.stdout.slice(-300)} ${importRun.stderr.slice(-800)}`);
        runs.push({ importRun, parseRun });
      } finally {
        await db.drop();
      }
    }
    await template.drop();
    results.set(provider, runs);
  }
  return section(results, rows, fileBytes, cli.label, idle);
}

function section(results: Map<Provider, ImportRun[]>, rows: number, fileBytes: number, how: string, idle: { plain: ChildRun; loader: ChildRun }): Section {
  const fileMib = mib(fileBytes);
  const idleMib = peakMib(idle.loader);
  const tableRows: string[][] = [];
  const targets: Target[] = [];
  for (const [provider, runs] of results) {
    const timeRatio = spread(runs.map((r) => r.importRun.wallMs / r.parseRun.wallMs));
    const growth = spread(runs.map((r) => (peakMib(r.importRun) - idleMib) / fileMib));
    tableRows.push([
      provider,
      showSpread(spread(runs.map((r) => r.importRun.wallMs / 1000)), " s"),
      showSpread(spread(runs.map((r) => r.parseRun.wallMs / 1000)), " s"),
      `**${showSpread(timeRatio, "×")}**`,
      showSpread(spread(runs.map((r) => (1000 * rows) / r.importRun.wallMs)), " rows/s", 3),
      showSpread(spread(runs.map((r) => peakMib(r.importRun))), " MiB"),
      showSpread(spread(runs.map((r) => peakMib(r.parseRun))), " MiB"),
      `**${showSpread(growth, "×")}**`,
    ]);
    // "Streams" would mean memory that does not grow with the file: well under the file's own size above idle.
    targets.push({ name: `${provider}: import streams (peak memory above an idle process ≪ file size)`, figure: `${num(growth.median)}× the file size (${num(fileMib)} MiB) above idle`, met: growth.median < 1 });
  }
  return {
    title: `5. Import: a ${rows.toLocaleString("en-GB")}-row CSV through \`reassure cases import\``,
    method: [
      `The file: ${rows.toLocaleString("en-GB")} demo cases from \`writeDemoCases\` (src/intake), **${num(fileMib)} MiB** on disk. Each run imports it into a fresh database holding only the 79 wards, with \`reassure cases import <file>\` in a child process (${how}), under \`/usr/bin/time -v\` for its peak resident memory; wall time from spawn to exit.`,
      `Baselines, in the same run: the same file through csv-parse alone with the intake's options, streamed and dropped (bench/children/csvParseOnly.mjs, same loader: time and memory); and a node process that does nothing (\`node ${how.includes("tsx") ? "--import tsx " : ""}-e 0\`): **${num(idleMib)} MiB** peak (plain \`node -e 0\`: ${num(peakMib(idle.plain))} MiB). "Memory / file" = (import peak − idle peak) ÷ file size: a streaming import stays well under 1 whatever the file's size; one that holds every row grows with it.`,
    ].join("\n"),
    figures: table(["DB", "Import", "csv-parse alone", "Time ratio", "Import rate", "Import peak RSS", "csv-parse peak RSS", "Memory / file"], tableRows),
    targets,
  };
}
