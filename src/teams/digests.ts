import { DateTime } from "luxon";
import type { AdaptiveCardJson } from "./cards/render.js";
import { renderCard } from "./cards/render.js";
import type { ReportService } from "../domain/reports/reportService.js";
import { statsView } from "./views/stats.js";

const LIST_LIMIT = 25;

/** What the digests read: the reports, and how times and days are shown. */
export interface DigestSources {
  reports: ReportService;
  config: { timeZone: string };
  format: (at: Date) => string;
}

/** The scheduled digests' cards, computed when they are delivered from the slot they belong to. */
export class DigestCards {
  constructor(private readonly deps: () => DigestSources) {}

  /** `bcu`: one BCU's digest, for its own channel; without it, the force's. */
  card(kind: "daily" | "weekly", slot: Date, bcu?: string): Promise<AdaptiveCardJson> {
    return kind === "weekly" ? this.weekly(slot, bcu) : this.daily(slot, bcu);
  }

  /** The /stats card for the week before the slot (Monday to Sunday), for an inspectors' channel. */
  async weekly(slot: Date, bcu?: string): Promise<AdaptiveCardJson> {
    const deps = this.deps();
    const loaded = await deps.reports.weekly(slot, bcu);
    if (!loaded.ok) throw new Error(loaded.message);
    return renderCard("stats", statsView(loaded.report, deps.format));
  }

  /** Yesterday (the local day before the slot): intake, allocations, deliveries; and what is overdue now. */
  async daily(slot: Date, bcu?: string): Promise<AdaptiveCardJson> {
    const deps = this.deps();
    const { digest, day } = await deps.reports.daily(slot, bcu);
    const label = DateTime.fromJSDate(day.from, { zone: deps.config.timeZone }).toFormat("cccc d LLLL yyyy");
    return renderCard("daily-digest", {
      title: `Reassure daily digest — ${bcu === undefined ? "" : `${bcu} — `}${label}`,
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
