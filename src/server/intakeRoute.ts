import type { IncomingMessage } from "node:http";
import type { Request, Response, Server } from "restify";
import type { Config } from "../config/env.js";
import type { CaseIntakeService, ImportReport } from "../domain/cases/caseIntake.js";
import type { Logger } from "../log.js";
import { bearerToken, matchApiKey } from "./apiKeys.js";

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function fail(res: Response, status: number, error: string, headers: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries(headers)) res.header(name, value);
  res.send(status, { error });
}

/**
 * POST /api/cases — the CMS export job sends cases as a JSON array or a CSV body, with `Authorization: Bearer <key>`.
 * 200 with the report when written; 422 with every problem when nothing was written.
 */
export function registerIntakeRoute(server: Server, deps: { config: Config; intake: CaseIntakeService; logger: Logger }): void {
  const { apiKeyHashes, maxBodyBytes } = deps.config.intake;
  server.post("/api/cases", async (req: Request, res: Response) => {
    if (apiKeyHashes.size === 0) return fail(res, 503, "The intake API is switched off: no INTAKE_API_KEY_HASHES are configured.");
    const token = bearerToken(req.header("authorization"));
    const keyName = token ? matchApiKey(token, apiKeyHashes) : undefined;
    if (!keyName) {
      deps.logger.warn({ path: "/api/cases", presented: token !== undefined }, "intake refused: bad API key");
      return fail(res, 401, token ? "The API key is not valid." : "Send the API key as `Authorization: Bearer <key>`.", { "WWW-Authenticate": 'Bearer realm="reassure-intake"' });
    }
    const type = (req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "application/json" && type !== "text/csv") {
      return fail(res, 415, `Send cases as application/json (an array of objects) or text/csv; got ${type ? JSON.stringify(type) : "no Content-Type"}.`);
    }
    const declared = Number(req.header("content-length") ?? "0");
    const tooLarge = `The body is larger than ${Math.round(maxBodyBytes / 1024 / 1024)} MB (INTAKE_MAX_BODY_MB): split the export.`;
    if (declared > maxBodyBytes) return fail(res, 413, tooLarge);
    let body: string;
    try {
      body = await readBody(req, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) return fail(res, 413, tooLarge);
      throw error;
    }
    const options = { actor: `api:${keyName}`, skipInvalid: req.query?.skipInvalid === "true" || /[?&]skipInvalid=true\b/.test(req.url ?? ""), source: `api:${keyName}` };
    let report: ImportReport;
    if (type === "application/json") {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return fail(res, 400, "The body is not valid JSON.");
      }
      report = await deps.intake.importObjects(parsed, options);
    } else {
      report = await deps.intake.importCsv([body], options);
    }
    deps.logger.info({ key: keyName, rows: report.rows, created: report.created, updated: report.updated, problems: report.problems.length, written: report.written }, "cases received");
    res.send(report.written ? 200 : 422, report);
  });
}
