import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BotHarness } from "../../helpers/botHarness.js";
import { testProviders } from "../../helpers/testDb.js";
import { openStore } from "../../../src/store/prismaStore.js";
import { createServer, listen } from "../../../src/server/server.js";
import { createLogger } from "../../../src/log.js";
import { loadConfig } from "../../../src/config/env.js";
import { createBot } from "../../../src/app.js";
import { createServices } from "../../../src/services.js";

describe.each(testProviders())("health endpoints (%s)", (provider) => {
  let bot: BotHarness;
  beforeAll(async () => {
    bot = await BotHarness.start(provider);
  });
  afterAll(() => bot.stop());

  it("answers /healthz and /readyz with 200 on a migrated database", async () => {
    const health = await fetch(`${bot.server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${bot.server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
  });
});

describe("readiness on a database without migrations", () => {
  it("answers /readyz with 503 and the reason, while /healthz stays 200", async () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), "reassure-empty-")), "empty.db")}`;
    const store = await openStore(url);
    const logger = createLogger("silent");
    const deps = createServices(loadConfig({ DATABASE_URL: url }), store, logger);
    const { adapter, app } = createBot(deps);
    const running = await listen(createServer({ adapter, app, deps }), 0, "127.0.0.1");
    try {
      expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${running.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: "unavailable", reason: "database has no migrations applied (run: reassure db deploy)" });
    } finally {
      await running.close(1000);
      await store.close();
    }
  });
});

describe("graceful shutdown", () => {
  it("lets an in-flight request finish, then refuses new connections", async () => {
    const bot = await BotHarness.start("sqlite");
    try {
      // Hold one request open: a slow database read inside /readyz.
      const store = bot.db.store;
      const original = store.checkReady.bind(store);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      store.checkReady = async () => {
        await gate;
        return original();
      };
      const inFlight = fetch(`${bot.server.url}/readyz`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const closed = bot.server.close(5000);
      release();
      expect((await inFlight).status).toBe(200);
      await closed;
      await expect(fetch(`${bot.server.url}/healthz`)).rejects.toThrow();
      store.checkReady = original;
    } finally {
      await bot.db.dispose();
      await bot.connector.stop();
    }
  });
});
