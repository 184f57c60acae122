import { createHttpHeaders, createPipelineRequest, RestError } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import {
  AttemptTimeoutError,
  defaultClassifier,
  failureStatus,
  headerOf,
  statusOf,
} from "../../../src/outbound/index.js";
import { FakeRestError } from "./support/restError.js";

const NOW = Date.UTC(2024, 0, 1, 9, 0, 0);

/** The error botbuilder's connector really throws (its HTTP client is @azure/core-rest-pipeline). */
function restError(status: number, headers: Record<string, string> = {}): RestError {
  return new RestError(`HTTP ${status}`, {
    statusCode: status,
    response: {
      status,
      headers: createHttpHeaders(headers),
      request: createPipelineRequest({ url: "https://smba.example/" }),
    },
  });
}

describe("defaultClassifier", () => {
  it("retries 429 with the Retry-After of botbuilder's RestError (headers with get, any case)", () => {
    const throttled = restError(429, { "Retry-After": "4" });
    expect(defaultClassifier(throttled, NOW)).toEqual({ kind: "retry", retryAfterMs: 4000 });
    expect(defaultClassifier(restError(429), NOW)).toEqual({ kind: "retry" });
  });

  it("reads Retry-After from a plain headers object, and an HTTP-date", () => {
    const error = new FakeRestError(503, { "retry-after": "Mon, 01 Jan 2024 09:00:09 GMT" }, true);
    expect(defaultClassifier(error, NOW)).toEqual({ kind: "retry", retryAfterMs: 9000 });
  });

  it("retries 408, 412, 500, 502, 503, 504, timeouts and transport errors", () => {
    for (const status of [408, 412, 500, 502, 503, 504]) {
      expect(defaultClassifier(restError(status), NOW)).toEqual({ kind: "retry" });
    }
    expect(defaultClassifier(new AttemptTimeoutError(15_000), NOW)).toEqual({ kind: "retry" });
    const sendError = new RestError("socket hang up", { code: "REQUEST_SEND_ERROR" });
    const reset = Object.assign(new Error("reset"), { code: "ECONNRESET" });
    const socketError = Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" });
    const undiciFailure = new TypeError("fetch failed", { cause: socketError });
    for (const error of [sendError, reset, undiciFailure]) {
      expect(defaultClassifier(error, NOW)).toEqual({ kind: "retry" });
    }
  });

  it("calls 403 and 404 gone", () => {
    expect(defaultClassifier(restError(403), NOW)).toEqual({ kind: "gone" });
    expect(defaultClassifier(restError(404), NOW)).toEqual({ kind: "gone" });
  });

  it("calls other statuses and errors without a status fatal", () => {
    for (const status of [400, 401, 413, 501]) {
      expect(defaultClassifier(restError(status), NOW)).toEqual({ kind: "fatal" });
    }
    expect(defaultClassifier(new TypeError("cannot read properties of undefined"), NOW)).toEqual({ kind: "fatal" });
    expect(defaultClassifier("a string", NOW)).toEqual({ kind: "fatal" });
    expect(defaultClassifier(null, NOW)).toEqual({ kind: "fatal" });
  });
});

describe("statusOf / headerOf / failureStatus", () => {
  it("finds the status in statusCode, status or response.status", () => {
    expect(statusOf({ statusCode: 502 })).toBe(502);
    expect(statusOf({ status: 504 })).toBe(504);
    expect(statusOf({ response: { status: 412 } })).toBe(412);
    expect(statusOf({ status: "429" })).toBeUndefined();
    expect(statusOf({ status: 42 })).toBeUndefined();
  });

  it("reads headers from Headers, core-rest-pipeline HttpHeaders and plain records (arrays too)", () => {
    expect(headerOf({ response: { headers: new Headers({ "Retry-After": "1" }) } }, "retry-after")).toBe("1");
    expect(headerOf(restError(429, { "Retry-After": "2" }), "retry-after")).toBe("2");
    expect(headerOf({ response: { headers: { "RETRY-AFTER": ["3", "9"] } } }, "retry-after")).toBe("3");
    expect(headerOf({ response: { headers: { "retry-after": 4 } } }, "retry-after")).toBe("4");
    expect(headerOf({ response: {} }, "retry-after")).toBeUndefined();
  });

  it("labels failures for stats", () => {
    expect(failureStatus(restError(429))).toBe(429);
    expect(failureStatus(new AttemptTimeoutError(1))).toBe("timeout");
    expect(failureStatus({ code: "ETIMEDOUT" })).toBe("network");
    expect(failureStatus(new Error("boom"))).toBe("unknown");
  });
});
