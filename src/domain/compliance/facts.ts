import type { ReferralStatus } from "../referrals/referral.js";

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
