import type { AssessedFact } from "../compliance/facts.js";
import type { TrialCase } from "./trialCases.js";
import type { ArmFlow, CountByReason, NotDelivered, TrialFlow } from "./types.js";

/**
 * The CONSORT-style flow. Assessment counts the cases received in the period; allocation counts the cases allocated
 * in it, so over a short period the two stages need not add up (a case received on Friday may be allocated on Monday).
 */
export function buildFlow(assessed: readonly AssessedFact[], randomised: readonly TrialCase[], rollout: readonly TrialCase[]): TrialFlow {
  const ineligible = assessed.filter((a) => !a.eligible);
  const src = randomised.filter((c) => c.fact.arm === "SRC");
  const bau = randomised.filter((c) => c.fact.arm === "BAU");
  return {
    assessed: assessed.length,
    ineligible: { total: ineligible.length, reasons: countReasons(ineligible.map(ineligibleReason)) },
    notAllocated: assessed.filter((a) => a.eligible && !a.allocated).length,
    rollout: { allocated: rollout.length, delivered: rollout.filter((c) => c.fact.delivered).length },
    randomised: randomised.length,
    src: { ...armFlow(src), delivered: src.filter((c) => c.fact.delivered).length, notDelivered: notDelivered(src) },
    bau: armFlow(bau),
  };
}

function armFlow(cases: readonly TrialCase[]): ArmFlow {
  const known = cases.filter((c) => c.followUp.state === "known").length;
  return {
    allocated: cases.length,
    excludedAfterRandomisation: cases.filter((c) => c.fact.excludedReason !== undefined).length,
    outcomeKnown: known,
    inFollowUp: cases.filter((c) => c.followUp.state === "inFollowUp").length,
    censored: cases.filter((c) => c.followUp.state === "censored").length,
    analysed: known,
  };
}

type Reason = Exclude<keyof NotDelivered, "total">;

/** An exclusion explains a missing contact before the referral's state does: the case was taken out of the work. */
function reasonNotDelivered(c: TrialCase): Reason {
  if (c.fact.excludedReason !== undefined) return "excluded";
  switch (c.fact.referralStatus) {
    case "unable_to_contact":
      return "unableToContact";
    case "claimed":
      return "stillOpen";
    case "expired":
      return "expired";
    default:
      // to_post, posted (never claimed, or released) and a referral that was never made all wait for an officer.
      return "unclaimed";
  }
}

function notDelivered(src: readonly TrialCase[]): NotDelivered {
  const counts: NotDelivered = { total: 0, excluded: 0, unableToContact: 0, stillOpen: 0, unclaimed: 0, expired: 0 };
  for (const c of src) {
    if (c.fact.delivered) continue;
    counts.total++;
    counts[reasonNotDelivered(c)]++;
  }
  return counts;
}

/** HCOP exclusions carry free text about one case: the report counts them together, never quoting them. */
function ineligibleReason(a: AssessedFact): string {
  const reason = a.ineligibleReason ?? "not eligible";
  return reason.startsWith("excluded:") ? "excluded before randomisation" : reason;
}

/** Most frequent first, then alphabetical, so the order is stable. */
function countReasons(reasons: readonly string[]): CountByReason[] {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts.entries()].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}
