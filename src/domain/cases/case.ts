import type { Arm } from "../allocation/types.js";

export type RecordType = "crime" | "incident";

/** A case as the CMS sends it, validated. Reassure holds no victim personal data: a crime reference points to the CMS. */
export interface CaseInput {
  crimeRef: string;
  reportedAt: Date;
  wardCode: string;
  recordType: RecordType;
  eligible: boolean;
  ineligibleReason: string | undefined;
  offence: string | undefined;
  /** Sensitive: undefined unless strands are configured to be stored. */
  strands: string[] | undefined;
}

export interface StoredCase extends CaseInput {
  id: number;
  importedAt: Date;
  allocated: boolean;
}

/** Changing these after allocation would change who should have been allocated what: refused. */
export const ARM_RELEVANT_FIELDS = ["reportedAt", "wardCode", "recordType"] as const;

export type AllocationMethod = "randomised" | "rollout";

export interface AllocationRecord {
  caseId: number;
  arm: Arm;
  method: AllocationMethod;
  trialId: number | undefined;
  stratum: string | undefined;
  sequenceIndex: number | undefined;
  blockNumber: number | undefined;
  positionInBlock: number | undefined;
  blockSize: number | undefined;
  algorithmVersion: string | undefined;
  allocatedAt: Date;
  allocatedBy: string;
}

/** A case waiting for allocation, with what allocation needs to know about its ward. */
export interface PendingCase {
  id: number;
  crimeRef: string;
  wardCode: string;
  borough: string;
  wardMode: "trial" | "rollout" | "off";
  wardEnabled: boolean;
  wardClaimHours: number | undefined;
  wardContactDays: number | undefined;
  eligible: boolean;
  ineligibleReason: string | undefined;
}
