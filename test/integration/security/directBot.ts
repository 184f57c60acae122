import type { Activity, InvokeResponse, TurnContext } from "botbuilder";
import type { TeamsAdapter } from "@microsoft/teams-ai";
import { loadConfig, type Config } from "../../../src/config/env.js";
import { FixedClock } from "../../../src/domain/clock.js";
import { createLogger } from "../../../src/log.js";
import type { RunningServer } from "../../../src/server/server.js";
import type { AppContext } from "../../../src/services.js";
import type { OutboxWorker } from "../../../src/teams/outbox/outboxWorker.js";
import { ADMIN_AAD } from "../../helpers/botHarness.js";
import { FakeConnector } from "../../helpers/fakeConnector.js";
import { createTestDatabase, type TestDatabase } from "../../helpers/testDb.js";
import { assembleBot } from "../../../src/assemble.js";

/** The adapter's own entry point, which its HTTP `process` calls after parsing the body; protected in botbuilder's typings. */
interface ActivityProcessor {
  processActivity(authHeader: string, activity: Partial<Activity>, logic: (turn: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined>;
}

export interface TurnResult {
  /** What the HTTP layer would answer with for an invoke (undefined for other activities: 200, no body). */
  invokeResponse: InvokeResponse | undefined;
  /** Messages the bot sent during the turn (replies), captured instead of being delivered to the connector. */
  replies: Partial<Activity>[];
}

/**
 * The same bot as BotHarness (real adapter, Application, domain, SQLite, restify server), but also able to run a turn
 * without HTTP: thousands of fuzzed activities go through `adapter.processActivity` → `app.run`, exactly what
 * `/api/messages` runs after parsing the body, with replies captured in-process rather than posted to a connector.
 */
export class DirectBot {
  readonly connector = new FakeConnector();
  readonly clock = new FixedClock(new Date("2024-04-02T09:00:00Z"));
  db!: TestDatabase;
  deps!: AppContext;
  server!: RunningServer;
  worker!: OutboxWorker;
  private adapter!: TeamsAdapter;
  private run!: (turn: TurnContext) => Promise<boolean>;

  static async start(env: Record<string, string> = {}): Promise<DirectBot> {
    const bot = new DirectBot();
    await bot.connector.start();
    bot.db = await createTestDatabase("sqlite");
    const config: Config = loadConfig({ BOOTSTRAP_ADMINS: ADMIN_AAD, LOG_LEVEL: "silent", DATABASE_URL: bot.db.url, PORT: "1", ...env });
    const assembled = await assembleBot(config, bot.db.store, createLogger(config.logLevel), {
      clock: bot.clock,
      bot: { gateway: { limits: { perConversation: [{ limit: 1000, windowMs: 1000 }], perTenant: [{ limit: 1000, windowMs: 1000 }] }, retry: { baseDelayMs: 5, maxDelayMs: 20 } } },
    });
    bot.deps = assembled.deps;
    bot.adapter = assembled.adapter;
    bot.run = (turn) => assembled.app.run(turn);
    bot.worker = assembled.worker;
    bot.server = assembled.server;
    return bot;
  }

  get serviceUrl(): string {
    return this.connector.url;
  }

  /**
   * One turn, as /api/messages would run it for this body (an object, or JSON text as sent); throws where the HTTP
   * layer would answer 500.
   */
  async turn(activity: object | string): Promise<TurnResult> {
    // Through JSON, as over HTTP: keys such as "__proto__" arrive as own properties, and undefined values vanish.
    const parsed = JSON.parse(typeof activity === "string" ? activity : JSON.stringify(activity)) as Partial<Activity>;
    const replies: Partial<Activity>[] = [];
    const invokeResponse = await (this.adapter as unknown as ActivityProcessor).processActivity("", parsed, async (turn) => {
      turn.onSendActivities(async (_turn, activities, next) => {
        if (activities.every((a) => a.type === "invokeResponse")) return next();
        replies.push(...activities);
        return activities.map(() => ({ id: "captured" }));
      });
      await this.run(turn);
    });
    return { invokeResponse, replies };
  }

  /** POSTs to the real server: status and parsed JSON body (or the raw text when it is not JSON). */
  async post(path: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.server.url}${path}`, { method: "POST", headers, body });
    const text = await response.text();
    try {
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    } catch {
      return { status: response.status, body: text };
    }
  }

  async stop(): Promise<void> {
    await this.server.close(1000);
    await this.db.dispose();
    await this.connector.stop();
  }
}
