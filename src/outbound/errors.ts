/** How an attempt failed, as counted in stats: an HTTP status, our own timeout, a transport error, or neither. */
export type FailureStatus = number | "timeout" | "network" | "unknown";

/** Our per-attempt timeout fired. The call may still have reached Teams: see the gateway's idempotency note. */
export class AttemptTimeoutError extends Error {
  override readonly name = "AttemptTimeoutError";

  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

/**
 * Teams answered 403 or 404: the bot was removed from the team or chat, or the conversation (or the
 * message being edited) no longer exists. Retrying cannot help; the caller marks the ward binding broken.
 */
export class ConversationGoneError extends Error {
  override readonly name = "ConversationGoneError";

  constructor(
    readonly conversationKey: string,
    readonly kind: string,
    readonly status: FailureStatus,
    options?: { cause?: unknown },
  ) {
    super(`${kind} to ${conversationKey}: conversation gone (HTTP ${status})`, options);
  }
}

export type DeliveryFailureReason = "attempts-exhausted" | "retry-after-too-long";

/** A job dead-lettered after transient failures; `cause` is the last error. */
export class DeliveryFailedError extends Error {
  override readonly name = "DeliveryFailedError";

  constructor(
    readonly conversationKey: string,
    readonly kind: string,
    readonly attempts: number,
    readonly lastStatus: FailureStatus,
    readonly reason: DeliveryFailureReason,
    options?: { cause?: unknown },
  ) {
    super(`${kind} to ${conversationKey} failed after ${attempts} attempt(s), last ${lastStatus} (${reason})`, options);
  }
}

export class GatewayClosedError extends Error {
  override readonly name = "GatewayClosedError";

  constructor() {
    super("the outbound gateway is closed and accepts no new jobs");
  }
}
