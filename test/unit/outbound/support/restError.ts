/**
 * Shaped like @azure/core-rest-pipeline's RestError as botbuilder throws it: `statusCode` on the error,
 * the response (non-enumerable there too) with `status` and `headers`. `headers` is either a Headers-like
 * object or a plain record, as the gateway's classifier must read both.
 */
export class FakeRestError extends Error {
  override readonly name = "RestError";
  declare readonly response: { status: number; headers: Headers | Record<string, string> };

  constructor(
    readonly statusCode: number,
    headers: Record<string, string> = {},
    plainHeaders = false,
  ) {
    super(`HTTP ${statusCode}`);
    Object.defineProperty(this, "response", {
      enumerable: false,
      value: { status: statusCode, headers: plainHeaders ? headers : new Headers(headers) },
    });
  }
}
