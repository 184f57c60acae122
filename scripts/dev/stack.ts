import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../src/config/env.js";
import { createLogger } from "../../src/log.js";
import { deployMigrations } from "../../src/store/migrations.js";
import { openStore } from "../../src/store/prismaStore.js";
import type { RunningServer } from "../../src/server/server.js";
import { startJobs } from "../../src/jobs.js";
import type { AppContext } from "../../src/services.js";
import { configFileAs, startPlayground, type RunningPlayground } from "./playground.js";
import { seedPlayground, type SeedSummary } from "./seedPlayground.js";
import { assembleBot } from "../../src/assemble.js";

export interface DevStackOptions {
  /** The SQLite file; deleted first unless `keep`. */
  dbPath: string;
  keep?: boolean;
  /** The bot's port; 0 for any free one. */
  port: number;
  /** Someone in .m365agentsplayground.yml (id or first name) to be the page's user instead of its currentUser. */
  as?: string;
  /** Where the playground's log and, with `as`, its swapped config file are written. */
  workDir: string;
  /** The playground's port: default its own 56150, 0 for any free one. */
  playgroundPort?: number;
  /** The playground in a process group of its own (tests), so `stop()` ends everything it started. */
  detached?: boolean;
  /** More environment for the bot's config, e.g. LOG_LEVEL; local mode and the database are always forced. */
  env?: Record<string, string>;
}

export interface DevStack {
  bot: RunningServer;
  deps: AppContext;
  playground: RunningPlayground;
  seeded: SeedSummary;
  /** Stops the playground, the server, the jobs, the outbox worker and the store; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The local stack `npm run dev` runs and the e2e tests drive: the bot in local mode on a SQLite database, the Agents
 * Playground pointed at it, and the database seeded to match the playground's people and channels. If any part fails
 * to start, what had started is stopped before the error is thrown.
 */
export async function startDevStack(options: DevStackOptions): Promise<DevStack> {
  if (!options.keep) for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(options.dbPath + suffix, { force: true });
  mkdirSync(options.workDir, { recursive: true });
  // Local mode whatever the shell has set: no Bot Framework authentication, loopback only, this database. The config
  // wants a real port; listen() below takes options.port itself, so 0 means any free one.
  const config = loadConfig({
    ...process.env,
    ...options.env,
    NODE_ENV: "development",
    BOT_ID: "",
    BOT_PASSWORD: "",
    BOT_TENANT_ID: "",
    HOST: "",
    PORT: String(options.port || 3978),
    DATABASE_URL: `file:${options.dbPath}`,
  });
  const logger = createLogger(config.logLevel);

  const stops: (() => Promise<void> | void)[] = [];
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      for (const step of stops.reverse()) await step();
    })());
  try {
    await deployMigrations(config.databaseUrl);
    const store = await openStore(config.databaseUrl);
    stops.push(() => store.close());
    const { deps, worker, server: bot } = await assembleBot(config, store, logger, { port: options.port, host: config.host });
    stops.push(() => bot.close(2_000));
    worker.start();
    stops.push(() => worker.stop());
    const jobs = startJobs(deps);
    stops.push(() => jobs.stop());
    // bot.url is http://127.0.0.1:<port>, not localhost: the bot listens on IPv4 loopback only, and localhost may resolve
    // to ::1 first.
    const botEndpoint = `${bot.url}/api/messages`;
    const playgroundOptions = { botEndpoint, logFile: join(options.workDir, "dev-playground.log"), port: options.playgroundPort, detached: options.detached };

    let playground = await startPlayground(playgroundOptions);
    stops.push(() => playground.stop());
    if (options.as !== undefined) {
      // The playground is the one reader of its YAML: start it, take its reading, and restart it on a copy with the swap.
      const configFile = join(options.workDir, "dev-playground.yml");
      writeFileSync(configFile, configFileAs(playground.config, options.as));
      await playground.stop();
      playground = await startPlayground({ ...playgroundOptions, configFile });
    }
    const seeded = await seedPlayground(deps, playground.config, playground.serviceUrl, deps.clock.now());
    return { bot, deps, playground, seeded, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
