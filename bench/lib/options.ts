import { join } from "node:path";
import { projectRoot } from "../../src/paths.js";

export const SUITES = ["cardActions", "statistics", "fanOut", "allocation", "import", "process"] as const;
export type SuiteName = (typeof SUITES)[number];

export interface BenchOptions {
  quick: boolean;
  /** Repetitions of every measured figure (min / median / max are over these). */
  runs: number;
  suites: SuiteName[];
  postgres: boolean;
  /** Where the report is written. */
  out: string;
  /** Measure nothing: rewrite the report from the saved results of earlier full runs (after editing bench/ANALYSIS.md). */
  render: boolean;
}

const USAGE = `usage: npm run bench -- [--quick] [--only ${SUITES.join(",")}] [--no-pg | --pg] [--runs N] [--out FILE] [--render]`;

/**
 * `--quick` is a smoke run (SQLite only, small sizes, 2 runs, no profiles): its figures are not for the record, so by default it
 * writes beside the data in /tmp instead of over docs/BENCHMARKS.md.
 */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const quick = argv.includes("--quick");
  const valueOf = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value\n${USAGE}`);
    return value;
  };
  const known = new Set(["--quick", "--only", "--no-pg", "--pg", "--runs", "--out", "--render"]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) continue;
    if (!known.has(arg)) throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  const only = valueOf("--only");
  const suites = only === undefined ? [...SUITES] : only.split(",").map((s) => s.trim());
  const unknown = suites.filter((s) => !(SUITES as readonly string[]).includes(s));
  if (unknown.length > 0) throw new Error(`unknown suite(s) ${unknown.join(", ")}\n${USAGE}`);
  const runsText = valueOf("--runs");
  const runs = runsText === undefined ? (quick ? 2 : 5) : Number(runsText);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected a whole number, got ${runsText}\n${USAGE}`);
  const postgres = argv.includes("--pg") || (!quick && !argv.includes("--no-pg"));
  const out = valueOf("--out") ?? (quick ? "/tmp/reassure-bench/BENCHMARKS.quick.md" : join(projectRoot, "docs", "BENCHMARKS.md"));
  return { quick, runs, suites: suites as SuiteName[], postgres, out, render: argv.includes("--render") };
}
