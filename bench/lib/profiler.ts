import { Session } from "node:inspector/promises";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { WORK_DIR } from "./databases.js";
import { table } from "./report.js";
import { num } from "./spread.js";

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Counts of samples: on a loaded machine the process is often off the CPU, which stretches time but not counts. */
export interface ProfileSummary {
  file: string;
  wallMs: number;
  samples: number;
  frames: { name: string; where: string; samples: number }[];
  packages: { name: string; samples: number }[];
  /** Samples with at least one frame of the group on the stack (self time plus everything it called). */
  inclusive: { name: string; samples: number }[];
}

/** Groups for inclusive time: the libraries a request passes through. */
function groupOf(url: string): string | undefined {
  if (url.startsWith("wasm://") || /node_modules\/@prisma\//.test(url) || url.includes("/src/store/generated/")) return "Prisma (client, query compiler, driver adapter, and the driver calls it makes)";
  if (url.includes("/src/store/")) return "src/store (repositories)";
  if (/node_modules\/(adaptivecards-templating|adaptive-expressions)\//.test(url)) return "adaptivecards-templating (card templates)";
  if (url.includes("/src/teams/cards/")) return "src/teams/cards (rendering)";
  if (/node_modules\/luxon\//.test(url)) return "luxon (dates and time zones)";
  if (/node_modules\/(botbuilder|botbuilder-core|botframework-connector|botframework-schema|@microsoft\/teams-ai)/.test(url)) return "botbuilder / teams-ai / botframework-connector";
  if (/node_modules\/restify\//.test(url)) return "restify";
  if (/node_modules\/zod\//.test(url)) return "zod";
  if (url.includes("/src/domain/")) return "src/domain";
  return undefined;
}

export const PROFILE_DIR = join(WORK_DIR, "profiles");

/**
 * V8's sampling CPU profiler (the one behind `node --cpu-prof`) around one piece of work in this process, so the
 * profile holds that work only, not start-up. The .cpuprofile file opens in Chrome DevTools.
 */
export async function profiled<T>(name: string, work: () => Promise<T>): Promise<{ value: T; summary: ProfileSummary }> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await work() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  const { profile } = (await session.post("Profiler.stop")) as { profile: CpuProfile };
  await session.post("Profiler.disable");
  session.disconnect();
  if (!outcome.ok) throw outcome.error;
  const value = outcome.value;
  mkdirSync(PROFILE_DIR, { recursive: true });
  const file = join(PROFILE_DIR, `${name}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  return { value, summary: summarise(profile, file) };
}

/** Summarises a .cpuprofile file written by `node --cpu-prof` (a child process profiled from start to exit). */
export function summariseFile(file: string): ProfileSummary {
  return summarise(JSON.parse(readFileSync(file, "utf8")) as CpuProfile, file);
}

/** Where a frame's code comes from: an npm package, a folder of ours, Node itself, or V8's own buckets. */
function packageOf(functionName: string, url: string): string {
  if (!url) {
    if (functionName === "(garbage collector)") return "V8 garbage collector";
    if (functionName === "(idle)") return "idle (waiting on I/O or the database)";
    if (functionName === "(program)") return "V8 / native (program)";
    return "native code (builtins, C++ bindings such as better-sqlite3)";
  }
  if (url.startsWith("wasm://")) return "WebAssembly (Prisma query compiler)";
  if (url.startsWith("node:")) return "Node.js internals";
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) {
    const pkg = modules[1]!;
    return pkg.startsWith("@prisma/") || pkg === "prisma" ? `${pkg} (Prisma runtime)` : pkg;
  }
  if (url.includes("/src/store/generated/")) return "src/store/generated (Prisma client)";
  const ours = /\/(src|bench|test)\/([^/]+)/.exec(url);
  if (ours) return `${ours[1]}/${ours[2]!.replace(/\.[jt]s$/, "")}`;
  return "other";
}

function summarise(profile: CpuProfile, file: string): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (const id of profile.samples) self.set(id, (self.get(id) ?? 0) + 1);
  const frames = new Map<string, { name: string; where: string; samples: number }>();
  const packages = new Map<string, number>();
  for (const [id, count] of self) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.replace(/^file:\/\//, "").replace(/^.*?\/(node_modules|src|bench|test)\//, "$1/")}:${lineNumber + 1}` : "";
    const key = `${functionName}@${where}`;
    const frame = frames.get(key) ?? { name: functionName || "(anonymous)", where, samples: 0 };
    frame.samples += count;
    frames.set(key, frame);
    const pkg = packageOf(functionName, url);
    packages.set(pkg, (packages.get(pkg) ?? 0) + count);
  }
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const groupsOnStack = new Map<number, Set<string>>();
  const stackGroups = (id: number): Set<string> => {
    let groups = groupsOnStack.get(id);
    if (groups) return groups;
    const up = parent.get(id);
    groups = new Set(up === undefined ? [] : stackGroups(up));
    const group = groupOf(byId.get(id)!.callFrame.url);
    if (group) groups.add(group);
    groupsOnStack.set(id, groups);
    return groups;
  };
  const inclusive = new Map<string, number>();
  for (const [id, count] of self) for (const group of stackGroups(id)) inclusive.set(group, (inclusive.get(group) ?? 0) + count);
  return {
    file,
    inclusive: [...inclusive.entries()].map(([name, samples]) => ({ name, samples })).sort((a, b) => b.samples - a.samples),
    wallMs: (profile.endTime - profile.startTime) / 1000,
    samples: profile.samples.length,
    frames: [...frames.values()].sort((a, b) => b.samples - a.samples).slice(0, 15),
    packages: [...packages.entries()].map(([name, samples]) => ({ name, samples })).sort((a, b) => b.samples - a.samples).slice(0, 12),
  };
}

export function profileMarkdown(title: string, s: ProfileSummary): string {
  const share = (count: number) => `${((100 * count) / s.samples).toFixed(1)}%`;
  return [
    `**${title}** — ${num(s.wallMs / 1000)} s wall time, ${s.samples.toLocaleString("en-GB")} samples at most every 0.2 ms of CPU (\`${s.file}\`, opens in Chrome DevTools). Shares are of samples (self time), which a loaded machine does not skew.`,
    "",
    "Inclusive (a frame of the group anywhere on the stack: its own work and all it called):",
    "",
    table(["Group", "Share of samples"], s.inclusive.map((p) => [p.name, share(p.samples)])),
    "",
    "Self time by package / folder:",
    "",
    table(["Where", "Share of samples"], s.packages.map((p) => [p.name, share(p.samples)])),
    "",
    "Top functions by self time:",
    "",
    table(["Function", "Source", "Share of samples"], s.frames.map((f) => [`\`${f.name}\``, f.where ? `\`${f.where}\`` : "", share(f.samples)])),
  ].join("\n");
}
