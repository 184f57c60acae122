import { DateTime } from "luxon";
import { buildDailyDigest } from "../domain/compliance/dailyDigest.js";
import type { AdaptiveCardJson } from "./cards/render.js";
import { renderCard } from "./cards/render.js";
import type { Config } from "../config/env.js";
import type { Clock } from "../domain/clock.js";
import type { Store } from "../domain/ports.js";
import { loadTrialReport, reportSettings } from "../domain/trialStats/loadReport.js";
import { parseStatsRequest, resolveStatsPeriod } from "../domain/trialStats/period.js";
import { statsView } from "./views/stats.js";

const LIST_LIMIT = 25;

/** What the digests read: the settings, the reports and the time. */
export interface DigestSources {
  config: Config;
  store: Store;
  clock: Clock;
  format: (at: Date) => string;
}

/** The scheduled digests' cards, computed when they are delivered from the slot they belong to. */
export class DigestCards {
  constructor(private readonly deps: () => DigestSources) {}

  card(kind: "daily" | "weekly", slot: Date): Promise<AdaptiveCardJson> {
    return kind === "weekly" ? this.weekly(slot) : this.daily(slot);
  }

  /** The /stats card for the week before the slot (Monday to Sunday), for the inspectors' channel. */
  async weekly(slot: Date): Promise<AdaptiveCardJson> {
    const deps = this.deps();
    const request = parseStatsRequest("last week");
    if (!request.ok) throw new Error(request.message);
    const period = resolveStatsPeriod(request.request.period, slot, deps.config.timeZone);
    const loaded = await loadTrialReport(deps.store.repos, reportSettings(deps.config), { period, filter: request.request.filter }, deps.clock.now());
    if (!loaded.ok) throw new Error(loaded.message);
    return renderCard("stats", statsView(loaded.report, deps.format));
  }

  /** Yesterday (the local day before the slot): intake, allocations, deliveries; and what is overdue now. */
  async daily(slot: Date): Promise<AdaptiveCardJson> {
    const deps = this.deps();
    const zone = deps.config.timeZone;
    const to = DateTime.fromJSDate(slot, { zone }).startOf("day");
    const day = { from: to.minus({ days: 1 }).toJSDate(), to: to.toJSDate() };
    const reporting = deps.store.repos.reporting;
    const digest = buildDailyDigest(day, deps.clock.now(), {
      assessed: await reporting.assessedFacts({ importedFrom: day.from, importedTo: day.to }),
      allocated: await reporting.trialFacts({ allocatedFrom: day.from, allocatedTo: day.to }),
      referrals: await reporting.referralFacts({}),
    });
    const label = DateTime.fromJSDate(day.from, { zone }).toFormat("cccc d LLLL yyyy");
    return renderCard("daily-digest", {
      title: `Reassure daily digest — ${label}`,
      facts: [
        { title: "Flagged cases received", value: `${digest.received} (${digest.eligible} eligible)` },
        { title: "Allocated", value: `SRC ${digest.allocated.src}, BAU ${digest.allocated.bau} (trial); SRC ${digest.allocated.rollout} (rollout)` },
        { title: "Contacts made", value: String(digest.contactsMade) },
        { title: "Unable to contact", value: String(digest.unableToContact) },
        { title: "Overdue now", value: String(digest.overdue.length) },
      ],
      overdue: digest.overdue.slice(0, LIST_LIMIT).map((o) => ({ crimeRef: o.crimeRef, detail: `${o.wardName}, due ${deps.format(o.contactDueAt)}${o.claimedByName ? `, claimed by ${o.claimedByName}` : ", not claimed"}` })),
      footnote: digest.overdue.length > LIST_LIMIT ? `${digest.overdue.length - LIST_LIMIT} more overdue referrals are not listed: /status has them all.` : "",
    });
  }
}
