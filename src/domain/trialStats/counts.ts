import type { ReferralStatus } from "../referrals/referral.js";
import type { FollowUp } from "./followUp.js";

/**
 * What the trial report is built from: counts of cases alike in everything a figure depends on, never the cases
 * themselves. The store counts them in the database (force scale: hundreds of thousands of cases); countTrialFacts
 * counts the same cells from facts in memory, and is the reference the store's counting is tested against.
 */

export type Arm = "SRC" | "BAU";

/** Where a case's follow-up stands at `now`. */
export type FollowUpState = FollowUp["state"];

/** Cases received, alike in eligibility, reason and whether they were allocated. */
export interface AssessedCell {
  eligible: boolean;
  /** As stored, except that every HCOP exclusion ("excluded: …", free text) is the one reason "excluded:". */
  ineligibleReason: string | undefined;
  allocated: boolean;
  cases: number;
}

/** Allocated cases alike in everything the CONSORT flow and the outcome analyses count. */
export interface FlowCell {
  method: "randomised" | "rollout";
  arm: Arm;
  excluded: boolean;
  referralStatus: ReferralStatus | undefined;
  followUp: FollowUpState;
  /** The outcome code, normalised, when the outcome is known within the window; otherwise undefined. */
  outcomeCode: string | undefined;
  cases: number;
}

/** Randomised cases of one arm in one group: a ward, a combination of strands, or a stretch of time. */
export interface GroupCell<K> {
  key: K;
  arm: Arm;
  cases: number;
  /** With a completed referral. */
  delivered: number;
  /** With an outcome known within the window. */
  analysed: number;
  /** Analysed, with an attrition outcome. */
  attrition: number;
}

export interface TrialCounts {
  assessed: AssessedCell[];
  flow: FlowCell[];
  byWard: GroupCell<string>[];
  /** Keyed by the case's stored strands joined with ";" (a case may have several); none when strands are not stored. */
  byStrands: GroupCell<string>[];
  /**
   * Keyed by the start of a stretch of time that lies within one local day (in the store: a UTC day split at the
   * minutes a local day can start): enough to place every case in its local ISO week without a time zone in SQL.
   */
  byTime: GroupCell<Date>[];
}

/** Which cases to count: allocation by allocation time, assessment by the time Reassure received the case. */
export interface TrialCountQuery {
  allocatedFrom?: Date | undefined;
  allocatedTo?: Date | undefined;
  importedFrom?: Date | undefined;
  importedTo?: Date | undefined;
  /** Undefined: every ward. */
  wardCodes?: readonly string[] | undefined;
  /** An outcome counts when dated within this many days (× 24 h) of allocation. */
  followUpDays: number;
  now: Date;
  /** Normalised outcome codes counted as attrition in the group cells. */
  attritionCodes: readonly string[];
  /** Minutes into a UTC day at which a local day can start (0 always among them), ascending. */
  dayStartMinutes: readonly number[];
}
