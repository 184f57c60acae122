import type { BenchOptions } from "./options.js";
import type { Machine } from "./machine.js";

export interface Target {
  name: string;
  /** e.g. "median 1.23× ≤ 1.5×" */
  figure: string;
  met: boolean;
}

/** One benchmark's part of docs/BENCHMARKS.md. */
export interface Section {
  title: string;
  /** How it was measured and what the baseline is. */
  method: string;
  /** Tables of figures, markdown. */
  figures: string;
  targets: Target[];
  /** Measured evidence of where the time goes (profiles), markdown; empty when nothing needed explaining. */
  evidence?: string;
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

export function renderReport(input: {
  options: BenchOptions;
  machine: Machine;
  loadAtEnd: string;
  versions: Record<string, string>;
  startedAt: Date;
  minutes: number;
  sections: readonly Section[];
  analysis: string;
}): string {
  const { options, machine, sections } = input;
  const targets = sections.flatMap((s) => s.targets.map((t) => ({ ...t, section: s.title })));
  return [
    "# Benchmarks",
    "",
    "<!-- Written by `npm run bench` (bench/run.ts): edit bench/, not this file. -->",
    "",
    `Run ${input.startedAt.toISOString()}${options.quick ? " — **quick run** (small sizes, SQLite only unless --pg): a smoke check, not figures for the record" : ""}; ` +
      `${options.runs} runs of every figure; took ${input.minutes.toFixed(1)} min.`,
    "",
    "## Method",
    "",
    "The machines this runs on are shared and noisy, so **every figure is a ratio to a baseline measured in the same run**, " +
      "interleaved with it, and shown as *median (min–max)* over the runs. Absolute times are given for orientation only. " +
      "Everything runs on loopback; generated data lives under /tmp/reassure-bench and is deleted afterwards. " +
      "PostgreSQL is a throw-away local cluster (scripts/pg-cluster.sh: fsync, synchronous_commit and full_page_writes off, " +
      "as in the tests), so its write figures are optimistic compared with a durable production server; SQLite runs in WAL mode, as the application configures it. " +
      "No benchmark asserts a time: the test suite stays free of timed assertions.",
    "",
    "### Machine",
    "",
    table(["", ""], [
      ["CPUs", machine.cpus],
      ["Memory", machine.memory],
      ["Node", machine.node],
      ["OS", machine.os],
      ...Object.entries(input.versions).map(([k, v]) => [k, v]),
      ["Load average (1/5/15 min) at start / end", `${machine.loadAtStart} / ${input.loadAtEnd}`],
    ]),
    "",
    "## Targets",
    "",
    table(["Benchmark", "Target", "Measured", "Met"], targets.map((t) => [t.section, t.name, t.figure, t.met ? "yes" : "**no**"])),
    "",
    ...sections.flatMap((s) => [`## ${s.title}`, "", s.method, "", s.figures, "", ...(s.evidence ? [s.evidence, ""] : [])]),
    ...(input.analysis ? [input.analysis, ""] : []),
    "## How to reproduce",
    "",
    "```sh",
    "npm run bench                      # everything, SQLite and PostgreSQL (needs the PostgreSQL server binaries), ~30 min",
    "npm run bench -- --quick           # small sizes, SQLite only, 2 runs, no profiles: under two minutes; writes /tmp/reassure-bench/BENCHMARKS.quick.md",
    "npm run bench -- --only statistics,fanOut --no-pg --runs 5 --out /tmp/b.md   # a subset",
    "```",
    "",
    "Suites: cardActions, statistics, fanOut, allocation, import, process. The process benchmark runs `dist/src/main.js` when it is newer than " +
      "every file under src/ (run `npm run build` first), otherwise `node --import tsx src/main.ts`; the report says which. CPU profiles " +
      "are written under /tmp/reassure-bench/profiles and summarised here (self time by function and by package).",
    "",
  ].join("\n");
}
