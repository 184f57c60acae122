import type { FlowCell } from "./counts.js";
import { normaliseOutcomeCode } from "./followUp.js";
import { OUTCOME_KEYS, type OutcomeKey, type OutcomeSets } from "./types.js";

/** A flow cell with whether its cases were delivered and which measures their outcome counts in. */
export interface CaseCell extends FlowCell {
  /** SRC delivered: the referral was completed. */
  delivered: boolean;
  /** All false unless the outcome is known within the window. */
  events: Record<OutcomeKey, boolean>;
}

export function classifyCells(flow: readonly FlowCell[], outcomes: OutcomeSets): CaseCell[] {
  const sets = Object.fromEntries(OUTCOME_KEYS.map((key) => [key, new Set(outcomes[key].map(normaliseOutcomeCode))])) as Record<OutcomeKey, Set<string>>;
  return flow.map((cell) => {
    const code = cell.outcomeCode;
    const events = Object.fromEntries(OUTCOME_KEYS.map((key) => [key, code !== undefined && sets[key].has(code)])) as Record<OutcomeKey, boolean>;
    return { ...cell, delivered: cell.referralStatus === "completed", events };
  });
}

export const isAnalysed = (c: CaseCell): boolean => c.followUp === "known";

/** The cases in the cells that pass the test. */
export function casesIn(cells: readonly CaseCell[], test: (c: CaseCell) => boolean = () => true): number {
  let n = 0;
  for (const c of cells) if (test(c)) n += c.cases;
  return n;
}

/** Events and analysed cases of one measure among some cases. */
export function tally(cells: readonly CaseCell[], key: OutcomeKey): { events: number; n: number } {
  return { events: casesIn(cells, (c) => isAnalysed(c) && c.events[key]), n: casesIn(cells, isAnalysed) };
}
