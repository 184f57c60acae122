import type { BenchOptions } from "./options.js";
import type { Machine } from "./machine.js";
import type { SavedSection } from "./results.js";

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

function measuredLine(s: SavedSection): string {
  return `*Measured ${s.measuredAt.slice(0, 16).replace("T", " ")} UTC: ${s.runs} runs on ${s.providers.join(" and ")}; load average (1/5/15 min) ${s.machine.loadAtStart} at the start, ${s.loadAtEnd} at the end.*`;
}

export function renderReport(input: {
  options: BenchOptions;
  machine: Machine;
  startedAt: Date;
  minutes: number;
  sections: readonly SavedSection[];
  analysis: string;
}): string {
  const { options, machine, sections } = input;
  const targets = sections.flatMap((s) => s.section.targets.map((t) => ({ ...t, section: s.section.title })));
  const versions = Object.assign({}, ...sections.map((s) => s.versions)) as Record<string, string>;
  const dates = sections.map((s) => s.measuredAt.slice(0, 10));
  return [
    "# Benchmarks",
    "",
    "<!-- Written by `npm run bench` (bench/run.ts): edit bench/, not this file. -->",
    "",
    options.quick
      ? `Quick run ${input.startedAt.toISOString()} (small sizes, SQLite only unless --pg, ${options.runs} runs, no profiles): a smoke check, not figures for the record; took ${input.minutes.toFixed(1)} min.`
      : `Measured ${dates.length > 0 ? `${[...new Set(dates)].sort().join(" to ")}` : "—"}; each section says when and with how many runs.`,
    "",
    "## Method",
    "",
    "The machines this runs on are shared and noisy, so **every figure is a ratio to a baseline measured in the same run**, " +
      "interleaved with it, and shown as *median (min–max)* over the runs. Absolute times are given for orientation only. " +
      "Everything runs on loopback; generated databases and files live under /tmp/reassure-bench and are deleted afterwards (CPU profiles and saved results stay). " +
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
      ...Object.entries(versions).map(([k, v]) => [k, v]),
    ]),
    "",
    "The load average of the shared machine during each benchmark is given under its heading: above 2 (the core count), other work was competing for the CPUs.",
    "",
    "## Targets",
    "",
    table(["Benchmark", "Target", "Measured", "Met"], targets.map((t) => [t.section, t.name, t.figure, t.met ? "yes" : "**no**"])),
    "",
    ...sections.flatMap((s) => [`## ${s.section.title}`, "", measuredLine(s), "", s.section.method, "", s.section.figures, "", ...(s.section.evidence ? [s.section.evidence, ""] : [])]),
    ...(input.analysis ? [input.analysis, ""] : []),
    "## How to reproduce",
    "",
    "```sh",
    "npm run bench                      # everything, SQLite and PostgreSQL (needs the PostgreSQL server binaries): about 2 hours here",
    "npm run bench -- --quick           # small sizes, SQLite only, 2 runs, no profiles: under two minutes; writes /tmp/reassure-bench/BENCHMARKS.quick.md",
    "npm run bench -- --only statistics,fanOut   # measure some suites again; the report keeps the other suites' last full-run results",
    "npm run bench -- --render                  # rewrite the report from the saved results (e.g. after editing bench/ANALYSIS.md)",
    "```",
    "",
    "Suites: cardActions, statistics, fanOut, allocation, import, process. The process benchmark runs `dist/src/main.js` when it is newer than " +
      "every file under src/ (run `npm run build` first), otherwise `node --import tsx src/main.ts`; the report says which. CPU profiles " +
      "are written under /tmp/reassure-bench/profiles and summarised here (self time by function and by package); each full run's results are kept in /tmp/reassure-bench/results for `--render` and `--only`.",
    "",
  ].join("\n");
}
