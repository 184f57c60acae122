import restify from "restify";
import type { Application, TurnState } from "@microsoft/teams-ai";
import type { ReassureAdapter } from "../teams/adapter.js";
import type { AppContext } from "../services.js";
import { registerIntakeRoutes } from "./intakeRoute.js";
import { registerMessagesRoute } from "./messagesRoute.js";
import { registerMetricsRoute } from "./metricsRoute.js";

export interface ServerParts {
  adapter: ReassureAdapter;
  app: Application<TurnState>;
  deps: AppContext;
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

  registerMessagesRoute(
    server,
    {
      acceptsToken: async (header) => deps.config.localMode || (await adapter.acceptsToken(header)),
      process: (req, res) => adapter.process(req, res, (turn) => app.run(turn).then(() => undefined)),
    },
    logger,
  );

  registerIntakeRoutes(server, deps);
  registerMetricsRoute(server, deps);

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
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    logger.warn({ method: req.method, path: req.getPath(), status, ...(status >= 500 ? { err: error } : {}) }, "request error");
    // A handler's failure is ours to read in the log; the caller gets no library's or database's text.
    if (status >= 500) Object.assign(error, { toJSON: () => ({ code: "Internal", message: "Internal error." }) });
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
