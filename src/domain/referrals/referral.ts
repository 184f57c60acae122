export const REFERRAL_STATUSES = ["to_post", "posted", "claimed", "completed", "unable_to_contact", "expired"] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const CONTACT_METHODS = ["phone", "in_person", "video", "other"] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];
export const RISK_ASSESSMENTS = ["completed_now", "already_done", "not_done"] as const;
export type RiskAssessment = (typeof RISK_ASSESSMENTS)[number];
export const SUPPORT_REFERRALS = ["none", "victim_support", "other"] as const;
export type SupportReferral = (typeof SUPPORT_REFERRALS)[number];

/**
 * A referral of an SRC case to its ward team, as stored. It carries the crime reference, never victim details, and
 * nothing of Teams: where its card is lives in the Teams-side `CardPlacement` (ports.ts).
 */
export interface Referral {
  id: number;
  crimeRef: string;
  wardCode: string;
  wardName: string;
  /** The basic command unit of the ward: whose HCOP oversees it. */
  bcu: string;
  status: ReferralStatus;
  version: number;
  createdAt: Date;
  claimDueAt: Date;
  contactDueAt: Date;
  postedAt: Date | undefined;
  claimedBy: string | undefined;
  claimedByName: string | undefined;
  claimedAt: Date | undefined;
  closedAt: Date | undefined;
  lastChangedBy: string | undefined;
  lastChangedAt: Date | undefined;
  attempts: { method: ContactMethod; attemptedAt: Date }[];
  contact: { method: ContactMethod; contactAt: Date; wantsStatement: boolean } | undefined;
}

/** The state changes a person can make to a referral; each bumps its version and writes one `referral.<action>` event. */
export type ReferralAction = "claim" | "release" | "attempt" | "complete" | "unable" | "reassign";

export const OPEN_STATUSES: readonly ReferralStatus[] = ["to_post", "posted", "claimed"];

export function isOpen(status: ReferralStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

export interface CompletedContact {
  method: ContactMethod;
  contactAt: Date;
  riskAssessment: RiskAssessment;
  riskAssessmentReason: string | undefined;
  supportReferral: SupportReferral;
  supportOrganisation: string | undefined;
  wantsStatement: boolean;
  notes: string | undefined;
}

export interface Attempt {
  method: ContactMethod;
  attemptedAt: Date;
}

export const METHOD_LABELS: Record<ContactMethod, string> = { phone: "Phone", in_person: "In person", video: "Video call", other: "Other" };
