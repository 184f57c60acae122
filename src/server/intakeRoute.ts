import type { Request, Response, Server } from "restify";
import type { Config } from "../config/env.js";
import type { CaseIntakeService } from "../domain/cases/caseIntake.js";
import { outcomesAsCsv, type OutcomeService } from "../domain/outcomes/outcomeService.js";
import type { Logger } from "../log.js";
import { bearerToken, matchApiKey } from "./apiKeys.js";
import { SlidingWindow } from "../outbound/index.js";
import { FailedAttempts } from "./failedAttempts.js";
import { BodyTooLarge, mediaType, readBody } from "./requestBody.js";

function fail(res: Response, status: number, error: string, headers: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries(headers)) res.header(name, value);
  res.send(status, { error });
}

type Body = { type: "json"; value: unknown } | { type: "csv"; text: string };
type Accepted = { keyName: string; body: Body; skipInvalid: boolean };

/** Per API key: a leaked or looping export job cannot flood the intake. In memory: each instance limits its own share. */
class KeyRateLimiter {
  private readonly windows = new Map<string, SlidingWindow>();
  constructor(private readonly perMinute: number) {}

  /** Milliseconds to wait before this key may call again; 0 records the call. */
  take(key: string, now: number): number {
    let window = this.windows.get(key);
    if (!window) this.windows.set(key, (window = new SlidingWindow({ limit: this.perMinute, windowMs: 60_000 })));
    const wait = window.waitMs(now);
    if (wait === 0) window.record(now);
    return wait;
  }
}

interface Limits {
  perKey: KeyRateLimiter;
  failures: FailedAttempts;
}

/**
 * What every intake request must pass before its rows are looked at: an address not flooding us with bad keys, an API
 * key (hashed in configuration, compared in constant time), JSON or CSV, within the size limit. Answers the failure
 * itself and returns undefined. The key offered is never logged, right or wrong.
 */
async function accept(req: Request, res: Response, config: Config, logger: Logger, limits: Limits): Promise<Accepted | undefined> {
  const { apiKeyHashes, maxBodyBytes } = config.intake;
  if (apiKeyHashes.size === 0) return void fail(res, 503, "The intake API is switched off: no INTAKE_API_KEY_HASHES are configured.");
  const address = req.socket.remoteAddress ?? "unknown";
  const now = Date.now();
  const blocked = limits.failures.check(address, now);
  if (blocked.waitMs > 0) {
    if (blocked.firstRefusal) logger.warn({ address, failuresPerMinute: config.intake.authFailuresPerMinute }, "intake refused: too many bad API keys from this address");
    return void fail(res, 429, "Too many requests with a wrong API key from this address: wait before trying again.", { "Retry-After": String(Math.ceil(blocked.waitMs / 1000)) });
  }
  const token = bearerToken(req.header("authorization"));
  const keyName = token ? matchApiKey(token, apiKeyHashes) : undefined;
  if (!keyName) {
    limits.failures.record(address, now);
    logger.warn({ path: req.getPath(), address, presented: token !== undefined }, "intake refused: bad API key");
    return void fail(res, 401, token ? "The API key is not valid." : "Send the API key as `Authorization: Bearer <key>`.", { "WWW-Authenticate": 'Bearer realm="reassure-intake"' });
  }
  const wait = limits.perKey.take(keyName, now);
  if (wait > 0) {
    logger.warn({ key: keyName }, "intake refused: rate limit");
    return void fail(res, 429, `Too many requests for this API key: at most ${config.intake.ratePerMinute} a minute (INTAKE_RATE_LIMIT_PER_MINUTE).`, { "Retry-After": String(Math.ceil(wait / 1000)) });
  }
  const type = mediaType(req);
  if (type !== "application/json" && type !== "text/csv") {
    return void fail(res, 415, `Send application/json (an array of objects) or text/csv; got ${type ? JSON.stringify(type) : "no Content-Type"}.`);
  }
  const tooLarge = `The body is larger than ${Math.round(maxBodyBytes / 1024 / 1024)} MB (INTAKE_MAX_BODY_MB): split the export.`;
  let text: string;
  try {
    text = await readBody(req, maxBodyBytes);
  } catch (error) {
    if (error instanceof BodyTooLarge) return void fail(res, 413, tooLarge);
    throw error;
  }
  const skipInvalid = /[?&]skipInvalid=true\b/.test(req.url ?? "");
  if (type === "text/csv") return { keyName, body: { type: "csv", text }, skipInvalid };
  try {
    return { keyName, body: { type: "json", value: JSON.parse(text) as unknown }, skipInvalid };
  } catch {
    return void fail(res, 400, "The body is not valid JSON.");
  }
}

/**
 * POST /api/cases and POST /api/outcomes — the CMS export job sends rows as a JSON array or a CSV body, with
 * `Authorization: Bearer <key>`. 200 with the report when written; 422 with every problem when nothing was written.
 */
export function registerIntakeRoutes(server: Server, deps: { config: Config; intake: CaseIntakeService; outcomes: OutcomeService; logger: Logger }): void {
  const limits: Limits = { perKey: new KeyRateLimiter(deps.config.intake.ratePerMinute), failures: new FailedAttempts(deps.config.intake.authFailuresPerMinute) };
  server.post("/api/cases", async (req: Request, res: Response) => {
    const accepted = await accept(req, res, deps.config, deps.logger, limits);
    if (!accepted) return;
    const options = { actor: `api:${accepted.keyName}`, skipInvalid: accepted.skipInvalid, source: `api:${accepted.keyName}` };
    const report = accepted.body.type === "json" ? await deps.intake.importObjects(accepted.body.value, options) : await deps.intake.importCsv([accepted.body.text], options);
    deps.logger.info({ key: accepted.keyName, rows: report.rows, created: report.created, updated: report.updated, problems: report.problems.length, written: report.written }, "cases received");
    res.send(report.written ? 200 : 422, report);
  });

  server.post("/api/outcomes", async (req: Request, res: Response) => {
    const accepted = await accept(req, res, deps.config, deps.logger, limits);
    if (!accepted) return;
    let csv: string;
    if (accepted.body.type === "csv") csv = accepted.body.text;
    else if (Array.isArray(accepted.body.value) && accepted.body.value.every((item) => typeof item === "object" && item !== null && !Array.isArray(item))) {
      csv = outcomesAsCsv(accepted.body.value as Record<string, unknown>[]);
    } else return fail(res, 422, "Send an array of objects with crime_ref, outcome_code and outcome_date.");
    const report = await deps.outcomes.importCsv([csv], { actor: `api:${accepted.keyName}`, source: `api:${accepted.keyName}`, skipInvalid: accepted.skipInvalid });
    deps.logger.info({ key: accepted.keyName, rows: report.rows, recorded: report.recorded, corrected: report.corrected, problems: report.problems.length, written: report.written }, "outcomes received");
    res.send(report.written ? 200 : 422, report);
  });
}
