import { loadConfig, type Config } from "../../src/config/env.js";
import { FixedClock } from "../../src/domain/clock.js";
import { createLogger } from "../../src/log.js";
import type { RunningServer } from "../../src/server/server.js";
import type { BotAuthOverrides } from "../../src/teams/adapter.js";
import type { AppContext } from "../../src/services.js";
import { FakeConnector } from "./fakeConnector.js";
import type { OutboxWorker } from "../../src/teams/outbox/outboxWorker.js";
import { createTestDatabase, type TestDatabase, type TestProvider } from "./testDb.js";
import { assembleBot } from "../../src/assemble.js";

export const ADMIN_AAD = "00000000-0000-4000-8000-0000000000ad";

/**
 * The whole bot as deployed: restify server → Bot Framework adapter → teams-ai Application → domain → database,
 * with Teams' connector replaced by a loopback fake. Tests post Teams-shaped activities over HTTP.
 */
export class BotHarness {
  readonly connector = new FakeConnector();
  readonly clock = new FixedClock(new Date("2024-04-02T09:00:00Z"));
  db!: TestDatabase;
  deps!: AppContext;
  server!: RunningServer;
  /** Every log line the bot wrote, parsed; empty unless the test sets LOG_LEVEL (the default is silent). */
  readonly logs: Record<string, unknown>[] = [];
  /** Not started: tests deliver the outbox with `await bot.worker.drain()`, deterministically. */
  worker!: OutboxWorker;

  /** `authOverrides` makes the bot trust a test token issuer (see FakeIdentityProvider); it needs BOT_ID in `env`. */
  static async start(
    provider: TestProvider,
    env: Record<string, string> = {},
    authOverrides?: (config: Config) => BotAuthOverrides,
  ): Promise<BotHarness> {
    const harness = new BotHarness();
    await harness.connector.start();
    harness.db = await createTestDatabase(provider);
    // The fake Teams answers Microsoft Graph's channel messages too (where a post whose answer was lost is looked for).
    const graph = `${harness.connector.url}v1.0`;
    const config: Config = loadConfig({ BOOTSTRAP_ADMINS: ADMIN_AAD, LOG_LEVEL: "silent", DATABASE_URL: harness.db.url, PORT: "1", GRAPH_BASE_URL: graph, ...env });
    const logger = createLogger(config.logLevel, { write: (line: string) => void harness.logs.push(JSON.parse(line) as Record<string, unknown>) });
    const assembled = await assembleBot(config, harness.db.store, logger, {
      clock: harness.clock,
      bot: {
        authOverrides: authOverrides?.(config),
        // Teams' real limits would make a test posting 50 cards wait 30 s; the gateway's own tests cover the limits.
        gateway: { limits: { perConversation: [{ limit: 1000, windowMs: 1000 }], perTenant: [{ limit: 1000, windowMs: 1000 }] }, retry: { baseDelayMs: 5, maxDelayMs: 20 } },
      },
    });
    harness.deps = assembled.deps;
    harness.worker = assembled.worker;
    harness.server = assembled.server;
    return harness;
  }

  get serviceUrl(): string {
    return this.connector.url;
  }

  /** POSTs an activity to /api/messages and returns the HTTP status (and body, for invokes). */
  async send(activity: object, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.server.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(activity),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async stop(): Promise<void> {
    await this.server.close(1000);
    await this.db.dispose();
    await this.connector.stop();
  }
}
