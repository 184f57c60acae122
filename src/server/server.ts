import restify from "restify";
import type { TeamsAdapter, Application, TurnState } from "@microsoft/teams-ai";
import type { BotDeps } from "../teams/deps.js";
import { registerIntakeRoutes } from "./intakeRoute.js";

export interface ServerParts {
  adapter: TeamsAdapter;
  app: Application<TurnState>;
  deps: BotDeps;
}

export interface RunningServer {
  server: restify.Server;
  url: string;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then resolves. */
  close(graceMs?: number): Promise<void>;
}

export function createServer({ adapter, app, deps }: ServerParts): restify.Server {
  const { store, logger } = deps;
  const server = restify.createServer({ name: "reassure", handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));

  // Teams activities are small; a large body is an attack or a mistake.
  server.post("/api/messages", restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false }), async (req, res) => {
    await adapter.process(req, res, (turn) => app.run(turn).then(() => undefined));
  });

  registerIntakeRoutes(server, deps);

  server.get("/healthz", async (_req, res) => {
    res.send(200, { status: "ok" });
  });

  server.get("/readyz", async (_req, res) => {
    try {
      await store.checkReady();
      res.send(200, { status: "ready" });
    } catch (error) {
      logger.warn({ reason: (error as Error).message }, "not ready");
      res.send(503, { status: "unavailable", reason: (error as Error).message });
    }
  });

  server.on("restifyError", (req, res, error, next) => {
    logger.warn({ method: req.method, path: req.getPath(), status: (error as { statusCode?: number }).statusCode }, "request error");
    next();
  });
  return server;
}

export async function listen(server: restify.Server, port: number, host: string): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
  return {
    server,
    url,
    close: (graceMs = 10_000) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.server.closeAllConnections();
        }, graceMs);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        // Keep-alive sockets with no request in flight would otherwise hold the close open.
        server.server.closeIdleConnections();
      }),
  };
}
