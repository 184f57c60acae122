import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { Databases } from "./lib/databases.js";
import { describeMachine, loadAverage } from "./lib/machine.js";
import { parseOptions, SUITES, type SuiteName } from "./lib/options.js";
import { renderReport } from "./lib/report.js";
import { loadSection, saveSection, type SavedSection } from "./lib/results.js";
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

async function measure(options: ReturnType<typeof parseOptions>, log: (message: string) => void): Promise<{ sections: SavedSection[] }> {
  const databases = await Databases.open({ postgres: options.postgres });
  log(`databases: ${databases.providers.join(", ")}; suites: ${options.suites.join(", ")}; ${options.runs} runs${options.quick ? " (quick)" : ""}`);
  const versions: Record<string, string> = { SQLite: sqliteVersion() };
  const sections: SavedSection[] = [];
  try {
    const pgVersion = await databases.postgresVersion();
    if (pgVersion) versions.PostgreSQL = pgVersion;
    for (const suite of options.suites) {
      log(`— ${suite}`);
      const machine = describeMachine();
      const section = await SUITE_RUNNERS[suite]({ options, databases, log });
      const saved: SavedSection = { suite, measuredAt: new Date().toISOString(), runs: options.runs, providers: databases.providers, machine, loadAtEnd: loadAverage(), versions, section };
      // Quick runs are smoke checks: only full runs are kept for the report.
      if (!options.quick) saveSection(saved);
      sections.push(saved);
    }
  } finally {
    await databases.close();
  }
  return { sections };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const log = (message: string) => process.stderr.write(`[bench ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)}s] ${message}\n`);
  const machine = describeMachine();
  const measured = options.render ? { sections: [] } : await measure(options, log);
  // A full report holds every suite: those not measured now come from the last full run that measured them.
  const sections = options.quick
    ? measured.sections
    : SUITES.flatMap((suite) => measured.sections.find((s) => s.suite === suite) ?? loadSection(suite) ?? []);
  const report = renderReport({
    options,
    machine,
    startedAt,
    minutes: (Date.now() - startedAt.getTime()) / 60_000,
    sections,
    analysis: options.quick ? "" : analysis(),
  });
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, report);
  log(`wrote ${options.out}`);
  for (const s of sections) for (const t of s.section.targets) log(`${t.met ? "met   " : "MISSED"} ${s.section.title} — ${t.name}: ${t.figure}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
