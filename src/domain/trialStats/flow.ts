import type { AssessedCell } from "./counts.js";
import { casesIn, type CaseCell } from "./trialCases.js";
import type { ArmFlow, CountByReason, NotDelivered, TrialFlow } from "./types.js";

/**
 * The CONSORT-style flow. Assessment counts the cases received in the period; allocation counts the cases allocated
 * in it, so over a short period the two stages need not add up (a case received on Friday may be allocated on Monday).
 */
export function buildFlow(assessed: readonly AssessedCell[], randomised: readonly CaseCell[], rollout: readonly CaseCell[]): TrialFlow {
  const ineligible = assessed.filter((a) => !a.eligible);
  const src = randomised.filter((c) => c.arm === "SRC");
  const bau = randomised.filter((c) => c.arm === "BAU");
  return {
    assessed: sum(assessed),
    ineligible: { total: sum(ineligible), reasons: countReasons(ineligible) },
    notAllocated: sum(assessed.filter((a) => a.eligible && !a.allocated)),
    rollout: { allocated: casesIn(rollout), delivered: casesIn(rollout, (c) => c.delivered) },
    randomised: casesIn(randomised),
    src: { ...armFlow(src), delivered: casesIn(src, (c) => c.delivered), notDelivered: notDelivered(src) },
    bau: armFlow(bau),
  };
}

const sum = (cells: readonly AssessedCell[]) => cells.reduce((n, a) => n + a.cases, 0);

function armFlow(cells: readonly CaseCell[]): ArmFlow {
  const known = casesIn(cells, (c) => c.followUp === "known");
  return {
    allocated: casesIn(cells),
    excludedAfterRandomisation: casesIn(cells, (c) => c.excluded),
    outcomeKnown: known,
    inFollowUp: casesIn(cells, (c) => c.followUp === "inFollowUp"),
    censored: casesIn(cells, (c) => c.followUp === "censored"),
    analysed: known,
  };
}

type Reason = Exclude<keyof NotDelivered, "total">;

/** An exclusion explains a missing contact before the referral's state does: the case was taken out of the work. */
function reasonNotDelivered(c: CaseCell): Reason {
  if (c.excluded) return "excluded";
  switch (c.referralStatus) {
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

function notDelivered(src: readonly CaseCell[]): NotDelivered {
  const counts: NotDelivered = { total: 0, excluded: 0, unableToContact: 0, stillOpen: 0, unclaimed: 0, expired: 0 };
  for (const c of src) {
    if (c.delivered) continue;
    counts.total += c.cases;
    counts[reasonNotDelivered(c)] += c.cases;
  }
  return counts;
}

/** HCOP exclusions carry free text about one case: the report counts them together, never quoting them. */
function ineligibleReason(a: AssessedCell): string {
  const reason = a.ineligibleReason ?? "not eligible";
  return reason.startsWith("excluded:") ? "excluded before randomisation" : reason;
}

/** Most frequent first, then alphabetical, so the order is stable. */
function countReasons(ineligible: readonly AssessedCell[]): CountByReason[] {
  const counts = new Map<string, number>();
  for (const cell of ineligible) {
    const reason = ineligibleReason(cell);
    counts.set(reason, (counts.get(reason) ?? 0) + cell.cases);
  }
  return [...counts.entries()].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}
