import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { ADMIN_AAD } from "./botHarness.js";

export interface BotProcessOptions {
  databaseUrl: string;
  /** More environment (PORT, DATABASE_URL and local mode are set here). */
  env?: Record<string, string>;
  /** How long to wait for /readyz. */
  readyTimeoutMs?: number;
  /** Listen on this port (a restart of an instance that listened there); default: a free one. */
  port?: number;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The bot as an operator runs it — `node --import tsx src/main.ts`: its own process with the server, the outbox worker
 * and the job scheduler — on a free loopback port, in local mode (no BOT_ID: the test posts activities unauthenticated).
 * Several can share one database; `kill("SIGKILL")` is a crash, `kill("SIGTERM")` a graceful stop.
 */
export class BotProcess {
  private out = "";
  private err = "";
  readonly exited: Promise<Exit>;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.stdout!.on("data", (d: Buffer) => (this.out += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (this.err += d.toString()));
    this.exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  }

  static async start(options: BotProcessOptions): Promise<BotProcess> {
    // A port found free may be taken before the child binds it: try another.
    for (let attempt = 1; ; attempt++) {
      const bot = BotProcess.spawn(options, options.port ?? (await freePort()));
      try {
        await bot.waitUntilReady(options.readyTimeoutMs ?? 60_000);
        return bot;
      } catch (error) {
        await bot.kill("SIGKILL");
        if (attempt >= 3 || options.port !== undefined || !/EADDRINUSE/.test(bot.stderr + bot.stdout)) throw error;
      }
    }
  }

  private static spawn(options: BotProcessOptions, port: number): BotProcess {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: {
        ...process.env,
        NODE_ENV: "test",
        NODE_NO_WARNINGS: "1",
        DATABASE_URL: options.databaseUrl,
        PORT: String(port),
        HOST: "",
        BOT_ID: "",
        BOT_PASSWORD: "",
        BOT_TENANT_ID: "",
        BOOTSTRAP_ADMINS: ADMIN_AAD,
        LOG_LEVEL: "info",
        // The test database is a copy of a migrated template.
        DB_MIGRATE_ON_START: "false",
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    return new BotProcess(child, port);
  }

  get pid(): number {
    return this.child.pid!;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Everything the process printed (pino's JSON log lines). */
  get stdout(): string {
    return this.out;
  }

  get stderr(): string {
    return this.err;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** POSTs an activity to the bot's /api/messages, as Teams would. */
  async send(activity: object): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(activity),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** Sends the signal (to this process only) and resolves when it has exited. */
  async kill(signal: "SIGTERM" | "SIGKILL"): Promise<Exit> {
    if (this.running) this.child.kill(signal);
    return this.exited;
  }

  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    while (Date.now() < deadline) {
      if (exited) throw new Error(`the bot exited before it was ready:\n${this.err || this.out}`);
      try {
        const response = await fetch(`${this.url}/readyz`);
        if (response.status === 200) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the bot was not ready after ${timeoutMs} ms:\n${this.err || this.out}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
