import { ConfigError, loadConfig } from "./config/env.js";
import { createLogger } from "./log.js";
import { openStore } from "./store/prismaStore.js";
import { deployMigrations } from "./store/migrations.js";
import { startJobs } from "./jobs.js";
import { workerIdentity } from "./teams/outbox/workerIdentity.js";
import { packageVersion } from "./version.js";
import { assembleBot } from "./assemble.js";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  if (config.localMode) {
    logger.warn(
      "LOCAL MODE: no BOT_ID is set, so Bot Framework authentication is OFF and anyone who can reach this port can act as any user. " +
        `Listening on ${config.host} only. Set BOT_ID, BOT_PASSWORD and BOT_TENANT_ID to run for real.`,
    );
  }
  if (config.migrateOnStart) {
    const started = Date.now();
    await deployMigrations(config.databaseUrl);
    logger.info({ ms: Date.now() - started }, "database migrations applied");
  }
  const store = await openStore(config.databaseUrl);
  const { deps, worker, server: running } = await assembleBot(config, store, logger, { bot: { outbox: { workerId: workerIdentity(config) } }, port: config.port, host: config.host });
  // Only once listening: the worker's identity is its address and port, which this process now holds, so a second
  // process started on them by mistake fails to listen before it takes back anything leased under that identity.
  worker.start();
  const jobs = startJobs(deps, config.jobs.tickMs);
  logger.info({ url: running.url, database: store.provider, localMode: config.localMode, version: packageVersion(), node: process.version }, "Reassure is listening");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: finishing in-flight requests");
    await running.close();
    jobs.stop();
    // Bounded: a delivery stuck in retries is taken back by this instance when it restarts, or by another once its lease
    // runs out.
    await Promise.race([worker.stop(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    await store.close();
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  console.error("Reassure failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
