import { DateTime } from "luxon";
import { buildDailyDigest } from "../domain/compliance/dailyDigest.js";
import type { AdaptiveCardJson } from "./cards/render.js";
import { renderCard } from "./cards/render.js";
import type { BotDeps } from "./deps.js";

const LIST_LIMIT = 25;

/** The scheduled digests' cards, computed when they are delivered from the slot they belong to. */
export class DigestCards {
  /** Set once the weekly trial-statistics card exists (see src/teams/views/stats.ts). */
  weekly: ((deps: BotDeps, slot: Date) => Promise<AdaptiveCardJson>) | undefined;

  constructor(private readonly deps: () => BotDeps) {}

  card(kind: "daily" | "weekly", slot: Date): Promise<AdaptiveCardJson> {
    if (kind === "weekly") {
      if (!this.weekly) throw new Error("no weekly digest is configured");
      return this.weekly(this.deps(), slot);
    }
    return this.daily(slot);
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
