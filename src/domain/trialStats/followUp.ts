import type { TrialFact } from "../compliance/facts.js";

const DAY = 86_400_000;

export type FollowUp = { state: "known"; code: string } | { state: "inFollowUp" } | { state: "censored" };

/**
 * Where a case stands at `now`. An outcome counts only when dated within the window after randomisation, so every
 * case is followed for the same time whatever the period; an outcome dated later leaves the case censored, like one
 * with no outcome once the window has closed.
 */
export function followUpOf(fact: Pick<TrialFact, "allocatedAt" | "outcomeCode" | "outcomeDate">, followUpDays: number, now: Date): FollowUp {
  const windowEnd = fact.allocatedAt.getTime() + followUpDays * DAY;
  if (fact.outcomeCode !== undefined && fact.outcomeDate !== undefined && fact.outcomeDate.getTime() <= windowEnd) {
    return { state: "known", code: normaliseOutcomeCode(fact.outcomeCode) };
  }
  return now.getTime() < windowEnd ? { state: "inFollowUp" } : { state: "censored" };
}

/** Codes are compared as the CMS writes them, ignoring case and spaces ("1a" is "1A"). */
export function normaliseOutcomeCode(code: string): string {
  return code.trim().toUpperCase();
}
