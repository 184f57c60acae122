// The typed view-models the referral cards are filled from (templates in cards/). A view-model holds exactly what a
// card may show: crime reference, ward, times, status, who claimed, attempt counts. Never victim details, strand,
// offence or notes — cards are posted in channels.

/** Data every referral button carries: nothing else, and never any state. */
export interface ActionData {
  verb: string;
  referralId: number;
  version: number;
}

export interface ReferralCardView {
  referralId: number;
  version: number;
  crimeRef: string;
  wardCode: string;
  wardName: string;
  /** "Tue 2 Apr 2024, 14:30" (Europe/London) */
  referredAt: string;
  claimDueBy: string;
  contactDueBy: string;
  statusText: string;
  statusColour: "Default" | "Good" | "Warning" | "Attention" | "Accent";
  /** "" when nobody has claimed it. */
  claimedBy: string;
  attemptsText: string;
  /** "" or a one-line notice at the top, e.g. "Claimed by Jo Smith at 10:02 while you were looking." */
  banner: string;
  /** Which buttons this view shows. */
  actions: { claim: boolean; attempt: boolean; complete: boolean; unable: boolean; release: boolean; reassign: boolean };
  /** "" or the summary of a closed referral. */
  closedSummary: string;
  /** Teams user ids (29:…) who get their own view through Universal Actions refresh; at most 60. */
  refreshUserIds: string[];
  /** Which posted copy of the card this is (see PostAttempt); undefined for cards posted before copies had one. */
  cardNonce?: string;
}

export interface Choice {
  title: string;
  value: string;
}

export interface AttemptFormView {
  referralId: number;
  version: number;
  crimeRef: string;
  methods: Choice[];
  method: string;
  /** yyyy-mm-dd and HH:mm, London time; prefilled with now. */
  attemptDate: string;
  attemptTime: string;
  /** input id → error text; the template shows each under its input. */
  errors: Record<string, string>;
}

export interface CompleteFormView {
  referralId: number;
  version: number;
  crimeRef: string;
  methods: Choice[];
  riskAssessments: Choice[];
  supportReferrals: Choice[];
  values: {
    method: string;
    contactDate: string;
    contactTime: string;
    riskAssessment: string;
    riskAssessmentReason: string;
    supportReferral: string;
    supportOrganisation: string;
    wantsStatement: string;
    notes: string;
  };
  notesLimit: number;
  errors: Record<string, string>;
}

export interface ReassignFormView {
  referralId: number;
  version: number;
  crimeRef: string;
  officers: Choice[];
  errors: Record<string, string>;
}

export interface GuidanceView {
  /** Paragraphs of the configured guidance text. */
  paragraphs: string[];
  /** When shown from a referral card: the Back button returns to it. */
  back: ActionData | undefined;
}

export interface AlertView {
  title: string;
  text: string;
  /** What to do about it, e.g. "In the ward's channel send: @Reassure /ward bind E05013805". */
  fix: string;
}

export interface MineView {
  summary: string;
  claims: { crimeRef: string; wardName: string; dueBy: string; overdue: boolean; attemptsText: string }[];
}
