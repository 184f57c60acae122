import { parseLondonDateTime } from "../../domain/workingTime/index.js";
import { NOTES_LIMIT, type AttemptEntry, type CompletionEntry, type Entered, type FormErrors } from "../../domain/referrals/contactRules.js";
import { CONTACT_METHODS, RISK_ASSESSMENTS, SUPPORT_REFERRALS, type ContactMethod } from "../../domain/referrals/referral.js";

/**
 * The Record attempt and Complete forms' inputs turned into the domain's typed entries, every error at once. Errors are
 * keyed by the entry's fields; `inputErrors` puts them on the card's inputs. Whether a time is possible for the referral
 * (not in the future, not before it was referred) is the domain's rule, checked in the change.
 */

const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
const isOneOf = <T extends string>(values: readonly T[], value: string): value is T => (values as readonly string[]).includes(value);

/** The card's date input for each entry time; the other fields have the card input's name. */
const TIME_INPUTS: Record<string, string> = { attemptedAt: "attemptDate", contactAt: "contactDate" };

export function inputErrors(errors: FormErrors): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [TIME_INPUTS[field] ?? field, message]));
}

/** Card date/time inputs arrive as "yyyy-mm-dd" and "HH:mm" in the force's local time; both empty means "now". */
function localTime(inputs: Record<string, unknown>, prefix: string, zone: string, field: string, errors: FormErrors): Date | undefined {
  const date = text(inputs[`${prefix}Date`]);
  const time = text(inputs[`${prefix}Time`]);
  if (!date && !time) return undefined;
  try {
    return parseLondonDateTime(`${date}T${time || "00:00"}`, zone);
  } catch {
    errors[field] = "Enter a real date and time.";
    return undefined;
  }
}

function method(inputs: Record<string, unknown>, errors: FormErrors): ContactMethod | undefined {
  const value = text(inputs.method);
  if (isOneOf(CONTACT_METHODS, value)) return value;
  errors.method = "Choose how you made contact.";
  return undefined;
}

export function parseAttemptForm(inputs: Record<string, unknown>, zone: string): Entered<AttemptEntry> {
  const errors: FormErrors = {};
  const m = method(inputs, errors);
  const attemptedAt = localTime(inputs, "attempt", zone, "attemptedAt", errors);
  return m === undefined || Object.keys(errors).length > 0 ? { ok: false, errors, at: attemptedAt } : { ok: true, value: { method: m, attemptedAt } };
}

export function parseCompletionForm(inputs: Record<string, unknown>, zone: string): Entered<CompletionEntry> {
  const errors: FormErrors = {};
  const m = method(inputs, errors);
  const contactAt = localTime(inputs, "contact", zone, "contactAt", errors);
  const risk = text(inputs.riskAssessment);
  const riskReason = text(inputs.riskAssessmentReason);
  if (!isOneOf(RISK_ASSESSMENTS, risk)) errors.riskAssessment = "Say whether a risk assessment was done.";
  else if (risk === "not_done" && riskReason.length < 3) errors.riskAssessmentReason = "Say why no risk assessment was done.";
  const support = text(inputs.supportReferral);
  const organisation = text(inputs.supportOrganisation);
  if (!isOneOf(SUPPORT_REFERRALS, support)) errors.supportReferral = "Say whether a support referral was made.";
  else if (support === "other" && organisation.length < 2) errors.supportOrganisation = "Name the organisation you referred to.";
  const statement = text(inputs.wantsStatement);
  if (statement !== "yes" && statement !== "no") errors.wantsStatement = "Say whether the victim wishes to give a statement.";
  const notes = text(inputs.notes);
  if (notes.length > NOTES_LIMIT) errors.notes = `Keep notes to ${NOTES_LIMIT} characters (now ${notes.length}).`;
  if (m === undefined || !isOneOf(RISK_ASSESSMENTS, risk) || !isOneOf(SUPPORT_REFERRALS, support) || Object.keys(errors).length > 0) return { ok: false, errors, at: contactAt };
  return {
    ok: true,
    value: {
      method: m,
      contactAt,
      riskAssessment: risk,
      riskAssessmentReason: risk === "not_done" ? riskReason : undefined,
      supportReferral: support,
      supportOrganisation: support === "other" ? organisation : undefined,
      wantsStatement: statement === "yes",
      notes: notes || undefined,
    },
  };
}
