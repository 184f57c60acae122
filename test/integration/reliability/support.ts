import { spawn, type ChildProcess } from "node:child_process";
import Database from "better-sqlite3";
import seedrandom from "seedrandom";
import { createServices } from "../../../src/services.js";
import { loadConfig } from "../../../src/config/env.js";
import type { WardMode } from "../../../src/domain/wards/ward.js";
import { demoWards } from "../../../src/intake/demoWards.js";
import { createLogger } from "../../../src/log.js";
import { NAMED_CHANNELS } from "../../../src/teams/outbox/coordination.js";
import type { ChannelTarget } from "../../../src/teams/outbox/teamsSender.js";
import type { AppContext } from "../../../src/services.js";
import { BOT, TEAM, TENANT } from "../../helpers/activities.js";
import { ADMIN_AAD } from "../../helpers/botHarness.js";
import type { TestDatabase } from "../../helpers/testDb.js";

export interface TestWard {
  code: string;
  name: string;
  borough: string;
  mode: WardMode;
  channel: { id: string; name: string };
}

/** Rollout wards (every case referred, no randomisation), each bound to its own channel. */
export const ROLLOUT_WARDS: readonly TestWard[] = ["Abbey", "Balham", "Cannon Hill", "Dundonald", "Earlsfield", "Furzedown", "Graveney", "Hampton"].map((name, i) => ({
  code: `E0500900${i + 1}`,
  name,
  borough: "Merton",
  mode: "rollout",
  channel: { id: `19:ward-${i + 1}@thread.tacv2`, name: `${name} SNT` },
}));

export const COORDINATION_CHANNEL = { id: "19:coordination@thread.tacv2", name: "HCOP" };

/** Child processes start in seconds, and a loaded shared machine can take minutes: well past vitest's 60 s default. */
export const MULTI_PROCESS_TIMEOUT_MS = 240_000;

export const DEMO_SEED = "crash";
export const DEMO_WARDS = demoWards(seedrandom(`${DEMO_SEED}:wards`), 79);

/** The demo data's wards (writeDemoCases's cases fall in them), every fourth in rollout mode, the rest in the trial. */
export async function seedDemoWards(deps: AppContext): Promise<void> {
  await deps.wards.importWards(DEMO_WARDS.map((w, i) => ({ ...w, mode: i % 4 === 0 ? "rollout" : "trial", enabled: true })), "test");
}

/** The services of the test process on a shared database, on the real clock the bot processes use too. */
export function servicesFor(db: TestDatabase): AppContext {
  const config = loadConfig({ DATABASE_URL: db.url, BOOTSTRAP_ADMINS: ADMIN_AAD, LOG_LEVEL: "silent" });
  return createServices(config, db.store, createLogger("silent"));
}

/** What `/ward bind` (or `/coordination bind`) stores when typed in `channel`, with Teams at `serviceUrl`. */
export function channelTarget(channel: { id: string }, serviceUrl: string): ChannelTarget {
  const reference = {
    channelId: "msteams",
    serviceUrl,
    bot: BOT,
    user: { id: "29:admin", name: "Alex Admin", aadObjectId: ADMIN_AAD },
    conversation: { id: channel.id, conversationType: "channel", isGroup: true, tenantId: TENANT },
    locale: "en-GB",
  };
  return { channelId: channel.id, serviceUrl, tenantId: TENANT, conversationRef: JSON.stringify(reference) };
}

/** Imports the wards and binds each to its channel, as an admin would with /ward bind, in the team the bot is installed in. */
export async function seedBoundWards(deps: AppContext, wards: readonly TestWard[], serviceUrl: string): Promise<void> {
  await deps.store.transaction((tx) => tx.teams.recordInstall({ ...TEAM, tenantId: TENANT, serviceUrl, generalChannelId: TEAM.id }, new Date()));
  await deps.wards.importWards(wards.map((w) => ({ code: w.code, name: w.name, borough: w.borough, mode: w.mode, enabled: true })), "test");
  for (const ward of wards) {
    const result = await deps.wards.bind(ward.code, { teamId: TEAM.id, ...channelTarget(ward.channel, serviceUrl) }, ADMIN_AAD);
    if (!result.ok) throw new Error(result.message);
  }
}

/** As /coordination bind typed in the HCOP's channel. */
export async function bindCoordination(deps: AppContext, serviceUrl: string): Promise<void> {
  const target = JSON.stringify(channelTarget(COORDINATION_CHANNEL, serviceUrl));
  await deps.store.transaction((tx) => tx.settings.put(NAMED_CHANNELS.coordination.settingKey, target, ADMIN_AAD, new Date()));
}

/** The referral a referral card is about, from its buttons' data (a card carries ids and a version, never state). */
export function referralIdOf(card: unknown): number | undefined {
  const match = /"referralId":(\d+)/.exec(JSON.stringify(card));
  return match ? Number(match[1]) : undefined;
}

/** Polls until `probe` returns something other than undefined/false. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 120_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** A figure a test measured, printed so a run's log can be read for it (the assertions never time anything). */
export function measured(label: string, value: unknown): void {
  console.info(`[measured] ${label}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
}

export interface CliRun {
  child: ChildProcess;
  /** Resolves when the command has exited (killed or not), with what it printed. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** The `reassure` command line from source, as an admin runs it, in a process the test can kill. */
export function startCli(args: string[], databaseUrl: string): CliRun {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", NODE_NO_WARNINGS: "1", BOOTSTRAP_ADMINS: ADMIN_AAD },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

/**
 * Whether another connection holds a write transaction that has written something: PostgreSQL assigns a transaction
 * id at its first write; SQLite refuses a second writer (BEGIN IMMEDIATE fails at once with no busy timeout).
 */
export async function writeTransactionOpen(db: TestDatabase): Promise<boolean> {
  if (db.store.provider === "postgresql") {
    const rows = await db.store.db.$queryRawUnsafe<{ n: bigint | number }[]>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()",
    );
    return Number(rows[0]?.n ?? 0) > 0;
  }
  const sqlite = new Database(db.url.replace(/^file:/, ""), { timeout: 0 });
  try {
    sqlite.exec("BEGIN IMMEDIATE");
    sqlite.exec("ROLLBACK");
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_BUSY") return true;
    throw error;
  } finally {
    sqlite.close();
  }
}
