import { CONTACT_METHODS, RISK_ASSESSMENTS, SUPPORT_REFERRALS, type Attempt, type CompletedContact, type ContactMethod } from "./referral.js";

export const NOTES_LIMIT = 500;

/** Field id → what is wrong with it; empty when the form is valid. The ids are the card's input ids. */
export type FormErrors = Record<string, string>;
export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");

/** Card date/time inputs arrive as "yyyy-mm-dd" and "HH:mm" in the officer's local (London) time. */
export type LocalDateTimeParser = (date: string, time: string) => Date | undefined;

function contactTime(
  inputs: Record<string, unknown>,
  prefix: string,
  bounds: { notBefore: Date; now: Date },
  parse: LocalDateTimeParser,
  errors: FormErrors,
): Date | undefined {
  const date = text(inputs[`${prefix}Date`]);
  const time = text(inputs[`${prefix}Time`]);
  if (!date && !time) return bounds.now;
  const at = parse(date, time || "00:00");
  if (!at) {
    errors[`${prefix}Date`] = "Enter a real date and time.";
    return undefined;
  }
  if (at.getTime() > bounds.now.getTime() + 60_000) errors[`${prefix}Date`] = "The time cannot be in the future.";
  // Card inputs have minutes, not seconds: a contact in the referral's own minute is not "before" it.
  else if (at.getTime() < Math.floor(bounds.notBefore.getTime() / 60_000) * 60_000) errors[`${prefix}Date`] = "The time cannot be before the case was referred.";
  return at;
}

function method(inputs: Record<string, unknown>, errors: FormErrors): ContactMethod | undefined {
  const value = text(inputs.method);
  if ((CONTACT_METHODS as readonly string[]).includes(value)) return value as ContactMethod;
  errors.method = "Choose how you made contact.";
  return undefined;
}

/** The Complete form: every field checked, every error reported at once, nothing saved unless all are right. */
export function validateCompletion(inputs: Record<string, unknown>, bounds: { notBefore: Date; now: Date }, parse: LocalDateTimeParser): FormResult<CompletedContact> {
  const errors: FormErrors = {};
  const m = method(inputs, errors);
  const contactAt = contactTime(inputs, "contact", bounds, parse, errors);
  const risk = text(inputs.riskAssessment);
  const riskReason = text(inputs.riskAssessmentReason);
  if (!(RISK_ASSESSMENTS as readonly string[]).includes(risk)) errors.riskAssessment = "Say whether a risk assessment was done.";
  else if (risk === "not_done" && riskReason.length < 3) errors.riskAssessmentReason = "Say why no risk assessment was done.";
  const support = text(inputs.supportReferral);
  const organisation = text(inputs.supportOrganisation);
  if (!(SUPPORT_REFERRALS as readonly string[]).includes(support)) errors.supportReferral = "Say whether a support referral was made.";
  else if (support === "other" && organisation.length < 2) errors.supportOrganisation = "Name the organisation you referred to.";
  const statement = text(inputs.wantsStatement);
  if (statement !== "yes" && statement !== "no") errors.wantsStatement = "Say whether the victim wishes to give a statement.";
  const notes = text(inputs.notes);
  if (notes.length > NOTES_LIMIT) errors.notes = `Keep notes to ${NOTES_LIMIT} characters (now ${notes.length}).`;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      method: m!,
      contactAt: contactAt!,
      riskAssessment: risk as CompletedContact["riskAssessment"],
      riskAssessmentReason: risk === "not_done" ? riskReason : undefined,
      supportReferral: support as CompletedContact["supportReferral"],
      supportOrganisation: support === "other" ? organisation : undefined,
      wantsStatement: statement === "yes",
      notes: notes || undefined,
    },
  };
}

/** The Record attempt form: how and when an unsuccessful attempt was made. */
export function validateAttempt(inputs: Record<string, unknown>, bounds: { notBefore: Date; now: Date }, parse: LocalDateTimeParser): FormResult<Attempt> {
  const errors: FormErrors = {};
  const m = method(inputs, errors);
  const attemptedAt = contactTime(inputs, "attempt", bounds, parse, errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { method: m!, attemptedAt: attemptedAt! } };
}

export interface UnableToContactRule {
  minAttempts: number;
  /** Attempts must fall on at least this many different local days. */
  minDays: number;
}

/** After N unsuccessful attempts on at least two different days, the claimant may close as unable to contact. */
export function mayCloseUnableToContact(attempts: readonly Attempt[], rule: UnableToContactRule, localDay: (at: Date) => string): boolean {
  return attempts.length >= rule.minAttempts && new Set(attempts.map((a) => localDay(a.attemptedAt))).size >= rule.minDays;
}
