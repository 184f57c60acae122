// Local development: the bot on a SQLite dev database plus the Microsoft 365 Agents Playground (mock Teams), offline.
//   node --import tsx scripts/dev.ts [--as <user id or first name>] [--keep] [--port 3978]
// The database (data/dev.db) starts fresh each run unless --keep: the playground forgets its chats and channels when
// it stops (and when its page is reloaded), so cards from an earlier run could no longer be found or edited there.
// --as makes someone else in .m365agentsplayground.yml the page's user (default: its currentUser, the HCOP).
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "../src/paths.js";
import { loadConfig } from "../src/config/env.js";
import { createLogger } from "../src/log.js";
import { deployMigrations } from "../src/store/migrations.js";
import { openStore } from "../src/store/prismaStore.js";
import { createBot, createServices } from "../src/app.js";
import { createServer, listen } from "../src/server/server.js";
import { configFileAs, startPlayground, type RunningPlayground } from "./dev/playground.js";
import { seedPlayground, type SeedSummary } from "./dev/seedPlayground.js";

const { values } = parseArgs({
  options: { keep: { type: "boolean", default: false }, port: { type: "string", default: "3978" }, as: { type: "string" } },
});

const dbPath = join(projectRoot, "data", "dev.db");
if (!values.keep) for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(dbPath + suffix, { force: true });

// Local mode whatever the shell has set: no Bot Framework authentication, loopback only, the dev database.
const config = loadConfig({ ...process.env, NODE_ENV: "development", BOT_ID: "", BOT_PASSWORD: "", BOT_TENANT_ID: "", HOST: "", PORT: values.port, DATABASE_URL: `file:${dbPath}` });
const logger = createLogger(config.logLevel);

await deployMigrations(config.databaseUrl);
const store = await openStore(config.databaseUrl);
const deps = createServices(config, store, logger);
const { adapter, app, worker } = createBot(deps);
worker.start();
const bot = await listen(createServer({ adapter, app, deps }), config.port, config.host);
// 127.0.0.1, not localhost: the bot listens on IPv4 loopback only, and localhost may resolve to ::1 first.
const botEndpoint = `http://127.0.0.1:${config.port}/api/messages`;
const logFile = join(projectRoot, "data", "dev-playground.log");

let playground: RunningPlayground = await startPlayground({ botEndpoint, logFile });
if (values.as !== undefined) {
  // The playground is the one reader of its YAML: start it, take its reading, and restart it on a copy with the swap.
  const configFile = join(projectRoot, "data", "dev-playground.yml");
  writeFileSync(configFile, configFileAs(playground.config, values.as));
  playground.child.kill("SIGTERM");
  await new Promise((resolve) => playground.child.once("exit", resolve));
  playground = await startPlayground({ botEndpoint, logFile, configFile });
}
playground.child.stdout!.on("data", (chunk: Buffer) => process.stdout.write(`[playground] ${chunk.toString()}`));
playground.child.stderr!.on("data", (chunk: Buffer) => process.stderr.write(`[playground] ${chunk.toString()}`));

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (playground.child.exitCode === null) playground.child.kill("SIGTERM");
  await bot.close(2_000);
  await worker.stop();
  await store.close();
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
playground.child.once("exit", (code) => {
  if (!stopping) {
    console.error(`The playground stopped (code ${code}); stopping the bot too.`);
    void stop(1);
  }
});

let seeded: SeedSummary;
try {
  seeded = await seedPlayground(deps, playground.config, playground.serviceUrl, deps.clock.now());
} catch (error) {
  console.error("Seeding the dev database failed:", error);
  await stop(1);
  throw error;
}
const me = playground.config.currentUser;
console.log(
  [
    "",
    `Reassure (local mode, ${dbPath}) at ${bot.url}; the playground at ${playground.url}`,
    `  Open ${playground.url} — you are ${me.name}. Team "${playground.config.teams[0]?.name}":`,
    `  "${seeded.wardChannel.name}" carries the referral cards of ${seeded.wards.map((w) => `${w.name} (${w.code})`).join(", ")};`,
    `  "${seeded.coordinationChannel.name}" gets the coordination alerts. ${seeded.casesCreated} new cases wait for allocation.`,
    `  People: ${seeded.people.map((p) => `${p.name} (${p.roles.join(", ") || "no role"})`).join("; ")}.`,
    ...(seeded.unknownPeople.length > 0 ? [`  WARNING: scripts/dev/people.ts names ids not in .m365agentsplayground.yml: ${seeded.unknownPeople.join(", ")}`] : []),
    `  Try: in Personal Chat send "/allocate"; or in a channel type @, pick ${playground.config.bot.name}, then " /allocate".`,
    "  Ctrl-C stops both.",
    "",
  ].join("\n"),
);
