import type { TrialFact } from "../compliance/facts.js";
import { followUpOf, normaliseOutcomeCode, type FollowUp } from "./followUp.js";
import { OUTCOME_KEYS, type OutcomeKey, type OutcomeSets } from "./types.js";

/** A case with its follow-up state and, when its outcome is known, which measures that outcome counts in. */
export interface TrialCase {
  fact: TrialFact;
  followUp: FollowUp;
  /** All false unless the outcome is known within the window. */
  events: Record<OutcomeKey, boolean>;
}

export function classifyCases(facts: readonly TrialFact[], outcomes: OutcomeSets, followUpDays: number, now: Date): TrialCase[] {
  const sets = Object.fromEntries(OUTCOME_KEYS.map((key) => [key, new Set(outcomes[key].map(normaliseOutcomeCode))])) as Record<OutcomeKey, Set<string>>;
  return facts.map((fact) => {
    const followUp = followUpOf(fact, followUpDays, now);
    const code = followUp.state === "known" ? followUp.code : undefined;
    const events = Object.fromEntries(OUTCOME_KEYS.map((key) => [key, code !== undefined && sets[key].has(code)])) as Record<OutcomeKey, boolean>;
    return { fact, followUp, events };
  });
}

export const isAnalysed = (c: TrialCase): boolean => c.followUp.state === "known";

/** Events and analysed cases of one measure among some cases. */
export function tally(cases: readonly TrialCase[], key: OutcomeKey): { events: number; n: number } {
  const analysed = cases.filter(isAnalysed);
  return { events: analysed.filter((c) => c.events[key]).length, n: analysed.length };
}
