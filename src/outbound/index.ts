export {
  defaultClassifier,
  failureStatus,
  headerOf,
  provesNotSent,
  statusOf,
  type Classification,
  type Classifier,
} from "./classify.js";
export type { OutboundJob, RetryNotice } from "./conversationQueue.js";
export {
  AttemptTimeoutError,
  ConversationGoneError,
  DeliveryFailedError,
  GatewayClosedError,
  type DeliveryFailureReason,
  type FailureStatus,
} from "./errors.js";
export { createOutboundGateway, OutboundGateway, type DeadLetter, type OutboundGatewayOptions } from "./gateway.js";
export { TEAMS_RATE_LIMITS, type RateLimits, type WindowLimit } from "./rateLimits.js";
export { parseRetryAfter } from "./retryAfter.js";
export {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  decideRetry,
  type RetryDecision,
  type RetryPolicy,
} from "./retryPolicy.js";
export { SlidingWindow, WindowSet } from "./slidingWindow.js";
export type { OutboundStats } from "./stats.js";
export { systemTimeSource, type TimeSource } from "./timeSource.js";
