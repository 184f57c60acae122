// Representative view-models for every referral card state and viewer, shared by the card tests and the
// data-protection scan. Values are hand-written so tests compare against known text, not the code's own output.
import type { AdaptiveCardJson } from "../../../src/teams/cards/render.js";
import {
  alertCard,
  attemptFormCard,
  completeFormCard,
  guidanceCard,
  mineCard,
  reassignFormCard,
  referralCard,
  strayCopyCard,
} from "../../../src/teams/cards/referralCards.js";
import type {
  AlertView,
  AttemptFormView,
  CompleteFormView,
  GuidanceView,
  MineView,
  ReassignFormView,
  ReferralCardView,
} from "../../../src/teams/views/referralViews.js";

export const REFERRAL_ID = 42;
export const VERSION = 7;

const noActions = { claim: false, attempt: false, complete: false, unable: false, release: false, reassign: false };

const unclaimed: ReferralCardView = {
  referralId: REFERRAL_ID,
  version: VERSION,
  crimeRef: "3012345/24",
  wardCode: "E05013805",
  wardName: "Abbey",
  referredAt: "Tue 2 Apr 2024, 09:15",
  claimDueBy: "Tue 2 Apr 2024, 17:00",
  contactDueBy: "Thu 4 Apr 2024, 17:00",
  statusText: "Waiting for an officer to claim it",
  statusColour: "Warning",
  claimedBy: "",
  attemptsText: "None yet",
  banner: "",
  actions: { ...noActions, claim: true },
  closedSummary: "",
  refreshUserIds: [],
};

const claimed: ReferralCardView = {
  ...unclaimed,
  version: VERSION,
  statusText: "Claimed — contact due by Thu 4 Apr 2024, 17:00",
  statusColour: "Accent",
  claimedBy: "Olu Officer",
  attemptsText: "1 unsuccessful (Tue 2 Apr 2024, 18:40)",
  actions: noActions,
  refreshUserIds: ["29:olu-officer", "29:sam-supervisor"],
};

export const referralViews = {
  unclaimedForAnyone: unclaimed,
  claimedForClaimant: { ...claimed, actions: { ...noActions, attempt: true, complete: true, release: true } },
  claimedForClaimantAfterAttempts: {
    ...claimed,
    attemptsText: "3 unsuccessful (last Wed 3 Apr 2024, 11:05)",
    actions: { ...noActions, attempt: true, complete: true, unable: true, release: true },
  },
  claimedForSupervisor: { ...claimed, actions: { ...noActions, release: true, reassign: true } },
  claimedForAnotherOfficer: claimed,
  completed: {
    ...claimed,
    statusText: "Completed",
    statusColour: "Good",
    actions: noActions,
    closedSummary: "Contacted by phone on Wed 3 Apr 2024, 10:20 by Olu Officer.",
    refreshUserIds: [],
  },
  unableToContact: {
    ...claimed,
    statusText: "Unable to contact",
    statusColour: "Attention",
    attemptsText: "3 unsuccessful (last Wed 3 Apr 2024, 11:05)",
    actions: noActions,
    closedSummary: "Closed as unable to contact on Wed 3 Apr 2024, 11:10 by Olu Officer.",
    refreshUserIds: [],
  },
  withBanner: {
    ...claimed,
    banner: "Claimed by Olu Officer at 10:02 while you were looking.",
  },
} satisfies Record<string, ReferralCardView>;

const methods = [
  { title: "Phone", value: "phone" },
  { title: "In person", value: "in_person" },
];

export const attemptForms = {
  fresh: {
    referralId: REFERRAL_ID,
    version: VERSION,
    crimeRef: "3012345/24",
    methods,
    method: "phone",
    attemptDate: "2024-04-02",
    attemptTime: "18:40",
    errors: {},
  },
  withErrors: {
    referralId: REFERRAL_ID,
    version: VERSION,
    crimeRef: "3012345/24",
    methods,
    method: "",
    attemptDate: "2024-04-09",
    attemptTime: "25:00",
    errors: {
      method: "Choose how you tried to make contact.",
      attemptDate: "The attempt cannot be in the future.",
      attemptTime: "Enter a time like 14:30.",
    },
  },
} satisfies Record<string, AttemptFormView>;

const completeBase: CompleteFormView = {
  referralId: REFERRAL_ID,
  version: VERSION,
  crimeRef: "3012345/24",
  methods,
  riskAssessments: [
    { title: "Done now", value: "done" },
    { title: "Already done", value: "already" },
    { title: "Not done", value: "not_done" },
  ],
  supportReferrals: [
    { title: "Victim Support", value: "victim_support" },
    { title: "Already referred", value: "already" },
    { title: "Other organisation", value: "other" },
    { title: "Declined", value: "declined" },
  ],
  values: {
    method: "phone",
    contactDate: "2024-04-03",
    contactTime: "10:20",
    riskAssessment: "",
    riskAssessmentReason: "",
    supportReferral: "",
    supportOrganisation: "",
    wantsStatement: "",
    notes: "",
  },
  notesLimit: 500,
  errors: {},
};

export const COMPLETE_ERROR_IDS = [
  "method",
  "contactDate",
  "contactTime",
  "riskAssessment",
  "riskAssessmentReason",
  "supportReferral",
  "supportOrganisation",
  "wantsStatement",
  "notes",
] as const;

export const completeForms = {
  fresh: completeBase,
  withErrors: {
    ...completeBase,
    values: {
      method: "in_person",
      contactDate: "2024-04-03",
      contactTime: "10:20",
      riskAssessment: "not_done",
      riskAssessmentReason: "",
      supportReferral: "other",
      supportOrganisation: "",
      wantsStatement: "yes",
      notes: "Reassured; will call back next week.",
    },
    errors: Object.fromEntries(COMPLETE_ERROR_IDS.map((id) => [id, `Error for ${id}.`])),
  },
} satisfies Record<string, CompleteFormView>;

const officers = [
  { title: "Olu Officer", value: "aad-olu" },
  { title: "Pat PCSO", value: "aad-pat" },
];

export const reassignForms = {
  withOfficers: { referralId: REFERRAL_ID, version: VERSION, crimeRef: "3012345/24", officers, errors: {} },
  withOfficersAndError: {
    referralId: REFERRAL_ID,
    version: VERSION,
    crimeRef: "3012345/24",
    officers,
    errors: { assignee: "Pat PCSO no longer has a Reassure role." },
  },
  withoutOfficers: { referralId: REFERRAL_ID, version: VERSION, crimeRef: "3012345/24", officers: [], errors: {} },
} satisfies Record<string, ReassignFormView>;

const paragraphs = [
  "Contact the victim by phone or in person, as they prefer.",
  "Complete a risk assessment and make support referrals if not yet done.",
];

export const guidanceViews = {
  withBack: { paragraphs, back: { verb: "refresh", referralId: REFERRAL_ID, version: VERSION } },
  withoutBack: { paragraphs, back: undefined },
} satisfies Record<string, GuidanceView>;

export const alertViews = {
  unboundWard: {
    title: "Ward has no channel",
    text: "A referral for Colliers Wood (E05013806) could not be posted: the ward is not bound to a channel.",
    fix: "In the ward's channel send: @Reassure /ward bind E05013806",
  },
} satisfies Record<string, AlertView>;

export const mineViews = {
  empty: { summary: "You have no open claims.", claims: [] },
  withClaims: {
    summary: "You have 2 open claims; 1 is overdue.",
    claims: [
      { crimeRef: "3012345/24", wardName: "Abbey", dueBy: "Thu 4 Apr 2024, 17:00", overdue: false, attemptsText: "None yet" },
      {
        crimeRef: "3011111/24",
        wardName: "Tooting Broadway",
        dueBy: "Mon 1 Apr 2024, 17:00",
        overdue: true,
        attemptsText: "2 unsuccessful (last Tue 2 Apr 2024, 09:00)",
      },
    ],
  },
} satisfies Record<string, MineView>;

export interface RenderedCase {
  name: string;
  template: string;
  view: object;
  card: AdaptiveCardJson;
}

/** Every template × state, rendered; the name says which. */
export function allRenderedCards(): RenderedCase[] {
  const cases: RenderedCase[] = [];
  const add = <V extends object>(prefix: string, template: string, views: Record<string, V>, render: (v: V) => AdaptiveCardJson) => {
    for (const [state, view] of Object.entries(views)) cases.push({ name: `${prefix} ${state}`, template, view, card: render(view) });
  };
  add("referral", "referral", referralViews, referralCard);
  add("attempt form", "referral-attempt-form", attemptForms, attemptFormCard);
  add("complete form", "referral-complete-form", completeForms, completeFormCard);
  add("reassign form", "referral-reassign-form", reassignForms, reassignFormCard);
  add("guidance", "guidance", guidanceViews, guidanceCard);
  add("alert", "coordination-alert", alertViews, alertCard);
  add("mine", "mine", mineViews, mineCard);
  add("stray copy", "referral-stray-copy", { notice: {} }, () => strayCopyCard());
  return cases;
}
