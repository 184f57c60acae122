import { Counter, Gauge } from "prom-client";
import type { Clock } from "../domain/clock.js";
import type { Store } from "../domain/ports.js";
import type { OutboundStats } from "../outbound/index.js";
import type { Metrics } from "./metrics.js";

/**
 * Database readiness, outbox depth and age, and overdue referrals, read on each scrape (GaugeRepository: three aggregate
 * statements). Overdue referrals are one force-wide series (`scope="force"`): there are no BCUs yet, and a borough label
 * would take its values from ward data, not from a fixed set; a BCU label can come with BCUs.
 */
export function watchStore(metrics: Metrics, store: Store, clock: Clock): void {
  const registers = [metrics.registry];
  const ready = new Gauge({ name: "reassure_database_ready", help: "1 when the database answers and every migration is applied, else 0.", registers });
  const items = new Gauge({ name: "reassure_outbox_items", help: "Undelivered outbox items by state: pending (due or being delivered), held (no channel yet), dead.", labelNames: ["state"] as const, registers });
  const oldest = new Gauge({ name: "reassure_outbox_oldest_pending_age_seconds", help: "Age of the oldest outbox item still to deliver; 0 when none is.", registers });
  const overdue = new Gauge({ name: "reassure_referrals_overdue", help: "Open referrals past their contact due time.", labelNames: ["scope"] as const, registers });
  metrics.onScrape(async () => {
    try {
      await store.checkReady();
      ready.set(1);
    } catch {
      // Not ready: the counts below would fail or mislead, so they are left out of this scrape.
      ready.set(0);
      for (const gauge of [items, oldest, overdue]) gauge.reset();
      return;
    }
    try {
      const now = clock.now();
      const read = await store.repos.gauges.read(now);
      for (const [state, count] of Object.entries(read.outbox)) items.set({ state }, count);
      oldest.set(read.oldestPendingAt ? Math.max(0, (now.getTime() - read.oldestPendingAt.getTime()) / 1000) : 0);
      overdue.set({ scope: "force" }, read.overdueReferrals);
    } catch (error) {
      for (const gauge of [items, oldest, overdue]) gauge.reset();
      throw error;
    }
  });
}

/** The gateways each registry reads: createBot may run more than once on one set of services (tests run two workers). */
const gateways = new WeakMap<Metrics, Array<() => OutboundStats>>();

/**
 * The outbound gateway's own counters (it counts every call to Teams, whoever made it), copied on scrape so there is
 * one count, not two that could drift; several gateways on one registry are added up. Status labels are HTTP statuses
 * or timeout/network/unknown: 429s show as status="429".
 */
export function watchGateway(metrics: Metrics, stats: () => OutboundStats): void {
  const known = gateways.get(metrics);
  if (known) return void known.push(stats);
  const sources = [stats];
  gateways.set(metrics, sources);
  const registers = [metrics.registry];
  const calls = new Counter({ name: "reassure_teams_calls_total", help: "Calls to Teams settled by the outbound gateway, by outcome: sent, gone (403/404), fatal, dead_letter (retries used up).", labelNames: ["outcome"] as const, registers });
  const retries = new Counter({ name: "reassure_teams_call_retries_total", help: "Retries of calls to Teams scheduled by the outbound gateway, by failure: HTTP status (429: throttled), timeout, network.", labelNames: ["status"] as const, registers });
  const queued = new Gauge({ name: "reassure_teams_calls_pending", help: "Calls to Teams submitted to the gateway and not yet settled.", registers });
  metrics.onScrape(() => {
    calls.reset();
    retries.reset();
    queued.reset();
    for (const now of sources.map((read) => read())) {
      for (const [outcome, count] of [["sent", now.sent], ["gone", now.gone], ["fatal", now.fatal], ["dead_letter", now.deadLettered]] as const) calls.inc({ outcome }, count);
      for (const [status, count] of Object.entries(now.retriedByStatus)) retries.inc({ status }, count);
      queued.inc(now.pending);
    }
  });
}
