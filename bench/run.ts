import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { Databases, WORK_DIR } from "./lib/databases.js";
import { describeMachine, loadAverage } from "./lib/machine.js";
import { parseOptions, type SuiteName } from "./lib/options.js";
import { renderReport, type Section } from "./lib/report.js";
import type { Suite } from "./lib/suite.js";
import { cardActions } from "./suites/cardActions.js";
import { statistics } from "./suites/statistics.js";
import { fanOut } from "./suites/fanOut.js";
import { allocation } from "./suites/allocation.js";
import { importCsv } from "./suites/importCsv.js";
import { processFootprint } from "./suites/processFootprint.js";

const SUITE_RUNNERS: Record<SuiteName, Suite> = {
  cardActions,
  statistics,
  fanOut,
  allocation,
  import: importCsv,
  process: processFootprint,
};

/** The analysis written after looking at the figures and profiles (bench/ANALYSIS.md), appended to the report. */
function analysis(): string {
  try {
    return readFileSync(join(dirname(fileURLToPath(import.meta.url)), "ANALYSIS.md"), "utf8").trim();
  } catch {
    return "";
  }
}

function sqliteVersion(): string {
  const db = new Database(":memory:");
  try {
    return `${(db.prepare("SELECT sqlite_version() AS v").get() as { v: string }).v} (better-sqlite3)`;
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const machine = describeMachine();
  const log = (message: string) => process.stderr.write(`[bench ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)}s] ${message}\n`);
  rmSync(WORK_DIR, { recursive: true, force: true });
  mkdirSync(WORK_DIR, { recursive: true });
  const databases = await Databases.open({ postgres: options.postgres });
  log(`databases: ${databases.providers.join(", ")}; suites: ${options.suites.join(", ")}; ${options.runs} runs${options.quick ? " (quick)" : ""}`);
  const sections: Section[] = [];
  const versions: Record<string, string> = { SQLite: sqliteVersion() };
  try {
    const pgVersion = await databases.postgresVersion();
    if (pgVersion) versions.PostgreSQL = pgVersion;
    for (const name of options.suites) {
      log(`— ${name}`);
      sections.push(await SUITE_RUNNERS[name]({ options, databases, log }));
    }
  } finally {
    await databases.close();
  }
  const report = renderReport({
    options,
    machine,
    loadAtEnd: loadAverage(),
    versions,
    startedAt,
    minutes: (Date.now() - startedAt.getTime()) / 60_000,
    sections,
    analysis: options.quick ? "" : analysis(),
  });
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, report);
  // Generated databases and CSV files go; the report (when written there) and the CPU profiles stay for reading.
  for (const entry of ["import", "stats", "alloc"]) rmSync(join(WORK_DIR, entry), { recursive: true, force: true });
  log(`wrote ${options.out}`);
  for (const s of sections) for (const t of s.targets) log(`${t.met ? "met   " : "MISSED"} ${s.title} — ${t.name}: ${t.figure}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
