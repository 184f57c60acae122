import type { AssessedFact, ReferralFact, TrialFact } from "./facts.js";

export interface DailyDigest {
  /** The local day the figures cover. */
  day: { from: Date; to: Date };
  received: number;
  eligible: number;
  allocated: { src: number; bau: number; rollout: number };
  contactsMade: number;
  unableToContact: number;
  /** Open referrals past their contact due time now, most overdue first. */
  overdue: { crimeRef: string; wardName: string; contactDueAt: Date; claimedByName: string | undefined }[];
}

const within = (at: Date | undefined, day: { from: Date; to: Date }) => at !== undefined && at >= day.from && at < day.to;

/** Yesterday's intake (cases received from the CMS), allocations and deliveries, and what is overdue now. Pure: the caller fetches the facts. */
export function buildDailyDigest(day: { from: Date; to: Date }, now: Date, facts: { assessed: AssessedFact[]; allocated: TrialFact[]; referrals: ReferralFact[] }): DailyDigest {
  const received = facts.assessed.filter((a) => within(a.importedAt, day));
  const allocated = facts.allocated.filter((a) => within(a.allocatedAt, day));
  return {
    day,
    received: received.length,
    eligible: received.filter((a) => a.eligible).length,
    allocated: {
      src: allocated.filter((a) => a.method === "randomised" && a.arm === "SRC").length,
      bau: allocated.filter((a) => a.method === "randomised" && a.arm === "BAU").length,
      rollout: allocated.filter((a) => a.method === "rollout").length,
    },
    contactsMade: facts.referrals.filter((r) => r.status === "completed" && within(r.closedAt, day)).length,
    unableToContact: facts.referrals.filter((r) => r.status === "unable_to_contact" && within(r.closedAt, day)).length,
    overdue: facts.referrals
      .filter((r) => (r.status === "posted" || r.status === "claimed") && r.contactDueAt < now)
      .sort((a, b) => a.contactDueAt.getTime() - b.contactDueAt.getTime())
      .map((r) => ({ crimeRef: r.crimeRef, wardName: r.wardName, contactDueAt: r.contactDueAt, claimedByName: r.claimedByName })),
  };
}
