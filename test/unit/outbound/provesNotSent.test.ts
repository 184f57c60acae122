import { RestError } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { AttemptTimeoutError, provesNotSent } from "../../../src/outbound/index.js";

describe("provesNotSent", () => {
  it("is true only for failures that show Teams never acted on the call", () => {
    expect(provesNotSent(new RestError("throttled", { statusCode: 429 }))).toBe(true);
    // botbuilder's connector keeps Node's socket error code on its RestError.
    expect(provesNotSent(new RestError("connect ECONNREFUSED 10.0.0.1:443", { code: "ECONNREFUSED" }))).toBe(true);
    expect(provesNotSent(Object.assign(new Error("fetch failed"), { cause: { code: "ENOTFOUND" } }))).toBe(true);
    expect(provesNotSent(new RestError("connect timeout", { code: "UND_ERR_CONNECT_TIMEOUT" }))).toBe(true);

    // The request may have reached Teams and been carried out.
    expect(provesNotSent(new AttemptTimeoutError(15_000))).toBe(false);
    expect(provesNotSent(new RestError("socket hang up", { code: "ECONNRESET" }))).toBe(false);
    expect(provesNotSent(new RestError("bad gateway", { statusCode: 502 }))).toBe(false);
    expect(provesNotSent(new RestError("error", { statusCode: 500 }))).toBe(false);
    expect(provesNotSent(new RestError("send failed", { code: "REQUEST_SEND_ERROR" }))).toBe(false);
  });
});
