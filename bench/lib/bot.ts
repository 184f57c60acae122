import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pino from "pino";
import { loadConfig, type Config } from "../../src/config/env.js";
import { RUN_DIR } from "./databases.js";
import { systemClock, type Clock } from "../../src/domain/clock.js";
import { createLogger } from "../../src/log.js";
import type { RunningServer } from "../../src/server/server.js";
import type { OutboundGateway, OutboundGatewayOptions } from "../../src/outbound/index.js";
import type { OutboxWorkerOptions } from "../../src/teams/outbox/outboxWorker.js";
import type { OutboxWorker } from "../../src/teams/outbox/outboxWorker.js";
import type { AppContext } from "../../src/services.js";
import type { Store } from "../../src/domain/ports.js";
import { assembleBot } from "../../src/assemble.js";

export const ADMIN_AAD = "00000000-0000-4000-8000-0000000000ad";

/** Loopback Teams limits high enough never to bind: for benchmarks whose subject is not the rate limiting. */
export const UNLIMITED: OutboundGatewayOptions = {
  limits: { perConversation: [{ limit: 100_000, windowMs: 1000 }], perTenant: [{ limit: 100_000, windowMs: 1000 }] },
  retry: { baseDelayMs: 5, maxDelayMs: 20 },
};

export interface RunningBot {
  deps: AppContext;
  /** Errors the bot logged (failed card actions, unhandled turn errors, dead letters): a benchmark must see none. */
  errorsLogged(): string[];
  worker: OutboxWorker;
  gateway: OutboundGateway;
  server: RunningServer;
  stop(): Promise<void>;
}

export function benchConfig(databaseUrl: string, env: Record<string, string> = {}): Config {
  return loadConfig({ BOOTSTRAP_ADMINS: ADMIN_AAD, LOG_LEVEL: "silent", DATABASE_URL: databaseUrl, PORT: "1", DB_MIGRATE_ON_START: "false", ...env });
}

/**
 * The bot as deployed (restify → Bot Framework adapter → teams-ai Application → domain → database), in this process,
 * as test/helpers/botHarness.ts builds it, but on the system clock and with the outbox worker optionally polling.
 */
export async function startBot(
  store: Store,
  databaseUrl: string,
  options: { gateway?: OutboundGatewayOptions; outbox?: OutboxWorkerOptions; startWorker?: boolean; clock?: Clock } = {},
): Promise<RunningBot> {
  const config = benchConfig(databaseUrl);
  mkdirSync(RUN_DIR, { recursive: true });
  const logFile = join(RUN_DIR, `bot-${randomBytes(3).toString("hex")}.log`);
  const destination = pino.destination({ dest: logFile, sync: true });
  const { deps, worker, gateway, server } = await assembleBot(config, store, createLogger("error", destination), {
    clock: options.clock ?? systemClock,
    bot: { gateway: options.gateway ?? UNLIMITED, ...(options.outbox && { outbox: options.outbox }) },
  });
  if (options.startWorker) worker.start();
  return {
    deps,
    errorsLogged: () => readFileSync(logFile, "utf8").split("\n").filter(Boolean),
    worker,
    gateway,
    server,
    async stop() {
      await server.close(1000);
      await worker.stop();
    },
  };
}
