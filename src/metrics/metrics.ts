import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";
import type { Logger } from "../log.js";

/** From a quick command to a slow transaction under load; a Teams invoke times out at 15 s (the last bucket is past it). */
const SECONDS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20];

export type CommandOutcome = "ok" | "denied" | "no_identity" | "malformed" | "failed";
export type ClickOutcome = "ok" | "refused" | "failed";
/** How the outbox runner settled an item (a delivery kind's `done`, `holdUntilBound`, or a throw). */
export type SettledOutcome = "delivered" | "not_needed" | "held" | "dead_letter";
export type JobOutcome = "ran" | "failed";

/**
 * The bot's Prometheus metrics, on a registry of its own (not prom-client's global one, so tests that build several bots
 * in one process never collide). Every label value comes from a fixed set — command names, verbs, outbox kinds, outcomes,
 * job names, HTTP statuses — never from user text, a crime reference or a ward: what the scrape shows cannot identify
 * a case. Events are counted where they happen; what lives in the database or the gateway is read on scrape (onScrape).
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly refreshers: Array<() => Promise<void> | void> = [];

  readonly commandSeconds = new Histogram({
    name: "reassure_command_duration_seconds",
    help: "Time from a command's activity to its reply, by command name and outcome.",
    labelNames: ["command", "outcome"] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });
  readonly clickSeconds = new Histogram({
    name: "reassure_card_action_duration_seconds",
    help: "Time from a card button's invoke to its answer, by verb and outcome.",
    labelNames: ["verb", "outcome"] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });
  readonly outboxSettled = new Counter({
    name: "reassure_outbox_settled_total",
    help: "Outbox items settled by the delivery runner, by kind and outcome (delivered, not_needed, held, dead_letter).",
    labelNames: ["kind", "outcome"] as const,
    registers: [this.registry],
  });
  readonly outboxRetries = new Counter({
    name: "reassure_outbox_retries_total",
    help: "Retries of a call to Teams made for an outbox item, by kind and failure (HTTP status, timeout, network).",
    labelNames: ["kind", "status"] as const,
    registers: [this.registry],
  });
  readonly jobRuns = new Counter({
    name: "reassure_job_runs_total",
    help: "Scheduled job slots run by this instance, by job and outcome (ran, failed).",
    labelNames: ["job", "outcome"] as const,
    registers: [this.registry],
  });

  constructor(private readonly logger?: Logger) {
    collectDefaultMetrics({ register: this.registry });
  }

  /** `refresh` runs before each scrape, to read into gauges what is counted elsewhere (the database, the gateway). */
  onScrape(refresh: () => Promise<void> | void): void {
    this.refreshers.push(refresh);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The text exposition. A refresher that fails leaves its metrics out (it resets them) rather than failing the scrape. */
  async scrape(): Promise<string> {
    await Promise.all(
      this.refreshers.map(async (refresh) => {
        try {
          await refresh();
        } catch (error) {
          this.logger?.warn({ err: error }, "metrics: a scrape-time reading failed");
        }
      }),
    );
    return this.registry.metrics();
  }
}
