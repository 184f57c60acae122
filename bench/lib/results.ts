import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { WORK_DIR } from "./databases.js";
import type { Machine } from "./machine.js";
import type { SuiteName } from "./options.js";
import type { Section } from "./report.js";

/** One suite's section as measured by a full run, kept so the report can be rebuilt without measuring everything again. */
export interface SavedSection {
  suite: SuiteName;
  measuredAt: string;
  runs: number;
  providers: string[];
  machine: Machine;
  loadAtEnd: string;
  versions: Record<string, string>;
  section: Section;
}

export const RESULTS_DIR = join(WORK_DIR, "results");

export function saveSection(saved: SavedSection): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${saved.suite}.json`), JSON.stringify(saved, null, 1));
}

export function loadSection(suite: SuiteName): SavedSection | undefined {
  const file = join(RESULTS_DIR, `${suite}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as SavedSection) : undefined;
}
