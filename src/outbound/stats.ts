/** Plain numbers for /metrics and tests. Conversation keys appear; job payloads never do. */
export interface OutboundStats {
  submitted: number;
  sent: number;
  /** Retries scheduled, by failure: "429", "502", "timeout", "network", … */
  retriedByStatus: Record<string, number>;
  deadLettered: number;
  gone: number;
  fatal: number;
  /** Jobs submitted and not yet settled, in flight included. */
  pending: number;
  inFlight: number;
  /** Pending jobs per conversation (the one in flight included), for conversations with any. */
  queueDepthByConversation: Record<string, number>;
  /** Longest time a job waited between submission and its first attempt. */
  maxWaitMs: number;
  /** Longest time between a job's submission and its promise settling. */
  maxLatencyMs: number;
}

export type Counters = Omit<OutboundStats, "pending" | "inFlight" | "queueDepthByConversation">;

export function emptyCounters(): Counters {
  return {
    submitted: 0,
    sent: 0,
    retriedByStatus: {},
    deadLettered: 0,
    gone: 0,
    fatal: 0,
    maxWaitMs: 0,
    maxLatencyMs: 0,
  };
}
