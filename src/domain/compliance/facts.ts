import type { ReferralStatus } from "../referrals/referral.js";
import type { TrialCountQuery, TrialCounts } from "../trialStats/counts.js";
import type { StatusCountQuery, StatusCounts } from "./statusCounts.js";

/** One referral as compliance reporting sees it: no victim data, no notes. */
export interface ReferralFact {
  referralId: number;
  crimeRef: string;
  wardCode: string;
  wardName: string;
  borough: string;
  status: ReferralStatus;
  referredAt: Date;
  claimDueAt: Date;
  contactDueAt: Date;
  claimedBy: string | undefined;
  claimedByName: string | undefined;
  claimedAt: Date | undefined;
  closedAt: Date | undefined;
  /** When contact was made (completed referrals). */
  contactAt: Date | undefined;
  attempts: number;
}

export interface FactFilter {
  /** Referred at or after. */
  from?: Date;
  /** Referred before. */
  to?: Date;
  wardCodes?: readonly string[];
  statuses?: readonly ReferralStatus[];
}

/** One randomised or rollout case as the trial statistics see it. */
export interface TrialFact {
  caseId: number;
  crimeRef: string;
  wardCode: string;
  borough: string;
  arm: "SRC" | "BAU";
  method: "randomised" | "rollout";
  allocatedAt: Date;
  stratum: string | undefined;
  excludedReason: string | undefined;
  referralStatus: ReferralStatus | undefined;
  /** SRC delivered: the referral was completed. */
  delivered: boolean;
  contactMethod: string | undefined;
  contactAt: Date | undefined;
  outcomeCode: string | undefined;
  outcomeDate: Date | undefined;
  /** Only when strands are stored (sensitive): for suppressed breakdowns. */
  strands: string[] | undefined;
}

/** Cases assessed for allocation (for the CONSORT flow): every case received, with why it was not allocated. */
export interface AssessedFact {
  caseId: number;
  reportedAt: Date;
  /** When Reassure received it from the CMS. */
  importedAt: Date;
  wardCode: string;
  eligible: boolean;
  ineligibleReason: string | undefined;
  allocated: boolean;
}

/** Facts of individual cases serve small sets (a day's digest, reminders, the simulation); /stats and /status read counts. */
export interface ReportingRepository {
  referralFacts(filter: FactFilter): Promise<ReferralFact[]>;
  /** What /status shows, counted in the database. */
  statusCounts(query: StatusCountQuery): Promise<StatusCounts>;
  /** The cells of the trial report, counted in the database. */
  trialCounts(query: TrialCountQuery): Promise<TrialCounts>;
  trialFacts(filter: { allocatedFrom?: Date; allocatedTo?: Date; wardCodes?: readonly string[] }): Promise<TrialFact[]>;
  assessedFacts(filter: { reportedFrom?: Date; reportedTo?: Date; importedFrom?: Date; importedTo?: Date; wardCodes?: readonly string[] }): Promise<AssessedFact[]>;
}
