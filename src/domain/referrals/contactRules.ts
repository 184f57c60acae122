import type { Attempt, CompletedContact, ContactMethod } from "./referral.js";

export const NOTES_LIMIT = 500;

/** Field → what is wrong with it; empty when the entry is right. The fields are those of the entry (e.g. `contactAt`). */
export type FormErrors = Record<string, string>;
export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

/** An unsuccessful attempt as the officer entered it; no time means "now". */
export interface AttemptEntry {
  method: ContactMethod;
  attemptedAt: Date | undefined;
}

/** A completed contact as the officer entered it; no time means "now". */
export type CompletionEntry = Omit<CompletedContact, "contactAt"> & { contactAt: Date | undefined };

interface Bounds {
  /** When the case was referred: nothing about it can have happened earlier. */
  notBefore: Date;
  now: Date;
}

/** Card inputs have minutes, not seconds: a contact in the referral's own minute is not "before" it. */
function timeError(at: Date, bounds: Bounds): string | undefined {
  if (at.getTime() > bounds.now.getTime() + 60_000) return "The time cannot be in the future.";
  if (at.getTime() < Math.floor(bounds.notBefore.getTime() / 60_000) * 60_000) return "The time cannot be before the case was referred.";
  return undefined;
}

/**
 * A form as parsed where it came in: the entry, or what was wrong with it and the time it gave (that time is still
 * checked here, so the officer sees every error at once).
 */
export type Entered<T> = { ok: true; value: T } | { ok: false; errors: FormErrors; at: Date | undefined };

function check<E, T>(entered: Entered<E>, field: string, atOf: (entry: E) => Date | undefined, bounds: Bounds, make: (entry: E, at: Date) => T): FormResult<T> {
  const at = entered.ok ? atOf(entered.value) : entered.at;
  const error = at === undefined ? undefined : timeError(at, bounds);
  const errors = { ...(entered.ok ? {} : entered.errors), ...(error === undefined ? {} : { [field]: error }) };
  if (!entered.ok || error !== undefined) return { ok: false, errors };
  return { ok: true, value: make(entered.value, at ?? bounds.now) };
}

/** The attempt, if every field was right and its time is possible for this referral now. */
export function checkAttempt(entered: Entered<AttemptEntry>, bounds: Bounds): FormResult<Attempt> {
  return check(entered, "attemptedAt", (e) => e.attemptedAt, bounds, (e, attemptedAt) => ({ method: e.method, attemptedAt }));
}

/** The contact, if every field was right and its time is possible for this referral now. */
export function checkCompletion(entered: Entered<CompletionEntry>, bounds: Bounds): FormResult<CompletedContact> {
  return check(entered, "contactAt", (e) => e.contactAt, bounds, (e, contactAt) => ({ ...e, contactAt }));
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
