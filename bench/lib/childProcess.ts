import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../src/paths.js";

export interface ChildRun {
  code: number;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** Peak resident set size, from /usr/bin/time -v when present. */
  maxRssKb: number | undefined;
}

export const GNU_TIME = "/usr/bin/time";

/** Runs a command (under /usr/bin/time -v when installed) and reports its wall time and peak memory. */
export function runMeasured(command: string, args: readonly string[], env: Record<string, string> = {}): Promise<ChildRun> {
  const timed = existsSync(GNU_TIME);
  const [cmd, argv] = timed ? [GNU_TIME, ["-v", command, ...args]] : [command, [...args]];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, argv, { cwd: projectRoot, env: { ...process.env, NODE_NO_WARNINGS: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - started;
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      resolve({ code: code ?? -1, stdout, stderr, wallMs, maxRssKb: rss ? Number(rss[1]) : undefined });
    });
  });
}

function newestUnder(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * How to run one of our entry points: the build (dist/) when it is newer than every source file, else from source
 * through tsx. `entry` is relative to src/, without extension, e.g. "main" or "cli/main".
 */
export function nodeEntry(entry: string): { args: string[]; label: string } {
  const built = join(projectRoot, "dist", "src", `${entry}.js`);
  if (existsSync(built) && statSync(built).mtimeMs > newestUnder(join(projectRoot, "src"))) {
    return { args: [built], label: `node dist/src/${entry}.js (the build, newer than src/)` };
  }
  return { args: ["--import", "tsx", join(projectRoot, "src", `${entry}.ts`)], label: `node --import tsx src/${entry}.ts (no build newer than src/)` };
}
