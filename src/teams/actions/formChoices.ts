import { DateTime } from "luxon";
import { CONTACT_METHODS, METHOD_LABELS } from "../../domain/referrals/referral.js";
import type { Choice } from "../views/referralViews.js";

export const METHOD_CHOICES: Choice[] = CONTACT_METHODS.map((value) => ({ title: METHOD_LABELS[value], value }));
export const RISK_CHOICES: Choice[] = [
  { title: "Completed now", value: "completed_now" },
  { title: "Already done", value: "already_done" },
  { title: "Not done", value: "not_done" },
];
export const SUPPORT_CHOICES: Choice[] = [
  { title: "None", value: "none" },
  { title: "Victim Support", value: "victim_support" },
  { title: "Other organisation", value: "other" },
];

/** Date and time inputs are prefilled with now, in the force's zone. */
export function localNow(now: Date, zone: string): { date: string; time: string } {
  const local = DateTime.fromJSDate(now, { zone });
  return { date: local.toFormat("yyyy-MM-dd"), time: local.toFormat("HH:mm") };
}

export const str = (value: unknown) => (typeof value === "string" ? value : "");
