import { AttemptTimeoutError, type FailureStatus } from "./errors.js";
import { parseRetryAfter } from "./retryAfter.js";

/**
 * What to do with a failed attempt. `retryAfterMs` is the server's own wait, honoured exactly; `scope`
 * "tenant" pauses every conversation of the tenant (for a classifier that can tell a tenant-wide 429 —
 * Teams documents no signal for it, so the default classifier never says so).
 */
export type Classification =
  | { kind: "retry"; retryAfterMs?: number; scope?: "conversation" | "tenant" }
  | { kind: "gone" }
  | { kind: "fatal" };

export type Classifier = (error: unknown, nowMs: number) => Classification;

/**
 * Teams asks bots to retry 429, 412, 502 and 504. We also retry:
 * - 500 and 503: the Bot Connector answers both for transient back-end trouble (503 with Retry-After
 *   during overload). A 500 can also be a permanent bug, but retrying one costs at most `maxAttempts`
 *   calls before the dead-letter alert, while not retrying a transient 500 loses a referral card silently.
 * - 408 and our own timeouts and transport errors: the request may never have arrived.
 * Like a timeout, a 500 may come after Teams has posted the message, so a retry can duplicate it: senders
 * must be idempotent (see gateway.ts).
 */
const RETRYABLE_STATUSES = new Set([408, 412, 429, 500, 502, 503, 504]);
/** 403: bot removed from the team or chat, or blocked; 404: conversation or message deleted. */
const GONE_STATUSES = new Set([403, 404]);
/** Transport failures worth retrying: Node socket errors, undici's, and @azure/core-rest-pipeline's RestError code. */
const TRANSIENT_NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "REQUEST_SEND_ERROR",
]);

/**
 * Failures that show the request was never acted on: Teams refused it before doing anything (429 throttling), or no
 * connection to Teams was ever made (refused, no route, no address, connect timeout). A send that failed so can be
 * retried as it was, without asking whether it landed. A reset or timeout after the request left is not proof: Teams
 * may have carried it out.
 */
const NEVER_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

export function provesNotSent(error: unknown): boolean {
  if (statusOf(error) === 429) return true;
  const code = field(error, "code") ?? field(field(error, "cause"), "code");
  return typeof code === "string" && NEVER_SENT_CODES.has(code);
}

export const defaultClassifier: Classifier = (error, nowMs) => {
  const status = failureStatus(error);
  if (status === "timeout" || status === "network") return { kind: "retry" };
  if (status === "unknown") return { kind: "fatal" };
  if (GONE_STATUSES.has(status)) return { kind: "gone" };
  if (!RETRYABLE_STATUSES.has(status)) return { kind: "fatal" };
  const retryAfterMs = parseRetryAfter(headerOf(error, "retry-after"), nowMs);
  return retryAfterMs === undefined ? { kind: "retry" } : { kind: "retry", retryAfterMs };
};

export function failureStatus(error: unknown): FailureStatus {
  if (error instanceof AttemptTimeoutError) return "timeout";
  const status = statusOf(error);
  if (status !== undefined) return status;
  const code = field(error, "code") ?? field(field(error, "cause"), "code");
  return typeof code === "string" && TRANSIENT_NETWORK_CODES.has(code) ? "network" : "unknown";
}

/** The HTTP status of a failed call, from botbuilder's RestError (`statusCode`), fetch-style or axios-style errors. */
export function statusOf(error: unknown): number | undefined {
  const response = field(error, "response");
  return (
    asStatus(field(error, "statusCode")) ??
    asStatus(field(error, "status")) ??
    asStatus(field(response, "status")) ??
    asStatus(field(response, "statusCode"))
  );
}

/** A response header from `error.response.headers`, either a Headers-like object with `get` or a plain record. */
export function headerOf(error: unknown, name: string): string | undefined {
  const headers = field(field(error, "response"), "headers");
  if (typeof headers !== "object" || headers === null) return undefined;
  const get: unknown = (headers as { get?: unknown }).get;
  if (typeof get === "function") return asHeaderValue(get.call(headers, name));
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return asHeaderValue(value);
  }
  return undefined;
}

function asHeaderValue(value: unknown): string | undefined {
  if (Array.isArray(value)) return asHeaderValue(value[0]);
  if (typeof value === "string") return value;
  return typeof value === "number" ? String(value) : undefined;
}

function field(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function asStatus(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 100 && value <= 599 ? value : undefined;
}
