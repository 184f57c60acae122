import type { Config } from "./config/env.js";
import { systemClock, type Clock } from "./domain/clock.js";
import type { Store } from "./domain/ports.js";
import type { Logger } from "./log.js";
import { createBot, type BotOptions } from "./app.js";
import { createServer, listen, type RunningServer } from "./server/server.js";
import { createServices, type AppContext } from "./services.js";

export interface AssembleOptions {
  clock?: Clock;
  bot?: BotOptions;
  /** Where to listen; port 0 takes any free one. */
  port?: number;
  host?: string;
}

export type AssembledBot = ReturnType<typeof createBot> & { deps: AppContext; server: RunningServer };

/**
 * The one way to build the running bot — services, Teams adapter and Application, outbox worker, HTTP server — for the
 * process entry point, the dev stack, the simulation, the benchmarks and the tests. The worker is returned unstarted:
 * the process starts it once it listens (its identity is its address), tests drain it by hand.
 */
export async function assembleBot(config: Config, store: Store, logger: Logger, options: AssembleOptions = {}): Promise<AssembledBot> {
  const deps = createServices(config, store, logger, options.clock ?? systemClock);
  const bot = createBot(deps, options.bot);
  const server = await listen(createServer({ adapter: bot.adapter, app: bot.app, deps }), options.port ?? 0, options.host ?? "127.0.0.1");
  return { ...bot, deps, server };
}
