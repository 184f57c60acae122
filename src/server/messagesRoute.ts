import type { Request, Response, Server } from "restify";
import type { Logger } from "../log.js";
import { BodyTooLarge, mediaType, readBody } from "./requestBody.js";

/** Teams activities are small; a larger body is an attack or a mistake. */
export const MAX_ACTIVITY_BYTES = 1024 * 1024;

/** What the route needs of the Bot Framework adapter: a token check that needs no body, and the turn itself. */
export interface ActivityEndpoint {
  /** False when `authHeader` is not a valid channel token (always true with authentication off, in local mode). */
  acceptsToken(authHeader: string): Promise<boolean>;
  process(req: Request, res: TurnResponse): Promise<void>;
}

function refuse(res: Response, status: number, error: string, headers: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries(headers)) res.header(name, value);
  res.send(status, { error });
}

const isActivity = (value: unknown): value is { type: string } =>
  typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as { type?: unknown }).type === "string" && (value as { type: string }).type !== "";

/**
 * POST /api/messages, in the order that keeps an unauthenticated caller from costing us anything but a token check:
 * token (401), media type (415), size (413), JSON (400), activity shape (400), then the turn. Refusals are short and
 * generic; no library's error text reaches the caller, and the body only ever lives in memory.
 */
export function registerMessagesRoute(server: Server, endpoint: ActivityEndpoint, logger: Logger): void {
  server.post("/api/messages", async (req: Request, res: Response) => {
    if (!(await endpoint.acceptsToken(req.header("authorization") ?? ""))) {
      logger.warn({ path: "/api/messages", presented: req.header("authorization") !== undefined }, "activity refused: no valid token");
      return refuse(res, 401, "Unauthorized.", { "WWW-Authenticate": "Bearer" });
    }
    if (mediaType(req) !== "application/json") return refuse(res, 415, "Send application/json.");
    let text: string;
    try {
      text = await readBody(req, MAX_ACTIVITY_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLarge) return refuse(res, 413, "The body is too large.");
      throw error;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return refuse(res, 400, "The body is not valid JSON.");
    }
    if (!isActivity(body)) return refuse(res, 400, "The body is not a Bot Framework activity.");
    req.body = body;
    try {
      await endpoint.process(req, withoutInternalDetail(res, logger));
    } catch (error) {
      // botbuilder validates the activity's shape by throwing before any turn has run.
      logger.warn({ reason: (error as Error).name }, "activity refused: not a valid activity");
      if (!res.headersSent) refuse(res, 400, "The body is not a Bot Framework activity.");
    }
  });
}

/** The part of a response botbuilder uses. */
export interface TurnResponse {
  socket: unknown;
  status(code: number): unknown;
  header(name: string, value: unknown): unknown;
  send(body?: unknown): unknown;
  end(): unknown;
}

/** botbuilder answers a failed turn with 500 and the error's message; the caller gets a generic body instead. */
function withoutInternalDetail(res: Response, logger: Logger): TurnResponse {
  let status = 200;
  return {
    socket: res.socket,
    status: (code) => res.status((status = code)),
    header: (name, value) => res.header(name, value as string),
    send: (body) => {
      if (status < 500) return res.send(body);
      logger.error({ status }, "activity failed: internal error");
      return res.send({ error: "Internal error." });
    },
    end: () => res.end(),
  };
}
