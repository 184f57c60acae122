import type { Request, Response, Server } from "restify";
import type { Config } from "../config/env.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics/metrics.js";
import { bearerToken, matchApiKey } from "./apiKeys.js";

function answer(res: Response, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers });
  res.end(`${text}\n`);
}

/**
 * GET /metrics, Prometheus text format. With a METRICS_TOKEN_HASH configured the scraper must send its token
 * (`Authorization: Bearer …`, hashed and compared in constant time like the intake keys). Without one it is open only in
 * local mode, where the server listens on loopback; with BOT_ID set it answers 503, so an instance reachable from the
 * network never shows its workload to whoever asks. A failed scrape answers 503 with no internal text.
 */
export function registerMetricsRoute(server: Server, deps: { config: Config; metrics: Metrics; logger: Logger }): void {
  const { config, metrics, logger } = deps;
  const hashes = config.metrics.tokenHashes;
  server.get("/metrics", async (req: Request, res: Response) => {
    if (hashes.size === 0 && !config.localMode) return answer(res, 503, "Metrics are switched off: no METRICS_TOKEN_HASH is configured.");
    if (hashes.size > 0) {
      const token = bearerToken(req.header("authorization"));
      if (!token || !matchApiKey(token, hashes)) {
        logger.warn({ path: "/metrics", address: req.socket.remoteAddress, presented: token !== undefined }, "metrics refused: bad token");
        return answer(res, 401, "Unauthorized.", { "WWW-Authenticate": 'Bearer realm="reassure-metrics"' });
      }
    }
    let body: string;
    try {
      body = await metrics.scrape();
    } catch (error) {
      logger.error({ err: error }, "metrics scrape failed");
      return answer(res, 503, "Metrics are unavailable.");
    }
    res.writeHead(200, { "content-type": metrics.contentType });
    res.end(body);
  });
}
