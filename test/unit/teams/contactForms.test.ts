import { describe, expect, it } from "vitest";
import { checkAttempt, checkCompletion } from "../../../src/domain/referrals/contactRules.js";
import { inputErrors, parseAttemptForm, parseCompletionForm } from "../../../src/teams/actions/contactForms.js";

const ZONE = "Europe/London";
const bounds = { notBefore: new Date("2024-04-02T09:30:00Z"), now: new Date("2024-04-03T12:00:00Z") };
const COMPLETE = { method: "phone", contactDate: "2024-04-03", contactTime: "11:30", riskAssessment: "completed_now", supportReferral: "none", wantsStatement: "no" };

describe("contact forms: parsed at the edge, checked against the referral in the domain", () => {
  it("turns a Complete form into a typed entry in local time, and the domain accepts it", () => {
    const entered = parseCompletionForm({ ...COMPLETE, notes: "  left a card  " }, ZONE);
    expect(entered).toEqual({
      ok: true,
      value: { method: "phone", contactAt: new Date("2024-04-03T10:30:00Z"), riskAssessment: "completed_now", riskAssessmentReason: undefined, supportReferral: "none", supportOrganisation: undefined, wantsStatement: false, notes: "left a card" },
    });
    expect(checkCompletion(entered, bounds)).toMatchObject({ ok: true, value: { contactAt: new Date("2024-04-03T10:30:00Z") } });
  });

  it("reports every error at once, the referral's time rule included, on the card's own inputs", () => {
    const entered = parseCompletionForm({ method: "", contactDate: "2099-01-01", contactTime: "10:00", riskAssessment: "not_done", supportReferral: "other", notes: "x".repeat(501) }, ZONE);
    const checked = checkCompletion(entered, bounds);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(inputErrors(checked.errors)).toEqual({
      method: "Choose how you made contact.",
      contactDate: "The time cannot be in the future.",
      riskAssessmentReason: "Say why no risk assessment was done.",
      supportOrganisation: "Name the organisation you referred to.",
      wantsStatement: "Say whether the victim wishes to give a statement.",
      notes: "Keep notes to 500 characters (now 501).",
    });
  });

  it("refuses a date that does not exist, and a time before the case was referred", () => {
    expect(parseAttemptForm({ method: "phone", attemptDate: "2024-02-30", attemptTime: "10:00" }, ZONE)).toEqual({ ok: false, errors: { attemptedAt: "Enter a real date and time." }, at: undefined });
    const early = checkAttempt(parseAttemptForm({ method: "video", attemptDate: "2024-04-01", attemptTime: "10:00" }, ZONE), bounds);
    expect(early).toEqual({ ok: false, errors: { attemptedAt: "The time cannot be before the case was referred." } });
  });

  it("takes no date and time as now, and an attempt in the referral's own minute as after it", () => {
    expect(checkAttempt(parseAttemptForm({ method: "phone" }, ZONE), bounds)).toEqual({ ok: true, value: { method: "phone", attemptedAt: bounds.now } });
    const sameMinute = checkAttempt(parseAttemptForm({ method: "phone", attemptDate: "2024-04-02", attemptTime: "10:30" }, ZONE), bounds);
    expect(sameMinute).toEqual({ ok: true, value: { method: "phone", attemptedAt: new Date("2024-04-02T09:30:00Z") } });
  });
});
