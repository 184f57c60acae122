import { analyse2x2, complierAverageCausalEffect, perProtocol, type PerProtocolResult } from "../../stats/index.js";
import { complierReading, outcomeReading } from "./reading.js";
import { casesIn, isAnalysed, tally, type CaseCell } from "./trialCases.js";
import { OUTCOME_LABELS, type ComplierSummary, type OutcomeAnalysis, type OutcomeKey, type OutcomeSets } from "./types.js";

/** Intention to treat: every randomised case with an outcome in the window, in the arm it was allocated to. */
export function analyseOutcome(key: OutcomeKey, src: readonly CaseCell[], bau: readonly CaseCell[], sets: OutcomeSets, followUpDays: number): OutcomeAnalysis {
  const s = tally(src, key);
  const b = tally(bau, key);
  const result = s.n > 0 && b.n > 0 ? analyse2x2({ eventsT: s.events, nT: s.n, eventsC: b.events, nC: b.n }) : null;
  const analysis = { key, label: OUTCOME_LABELS[key], codes: sets[key], src: s, bau: b, result };
  return { ...analysis, reading: outcomeReading(analysis, followUpDays) };
}

/** Receipt of SRC is delivery (a completed referral); randomisation is the instrument. */
export function complierEffect(src: readonly CaseCell[], bau: readonly CaseCell[]): ComplierSummary | null {
  const s = src.filter(isAnalysed);
  const b = bau.filter(isAnalysed);
  const nT = casesIn(s);
  const nC = casesIn(b);
  if (nT === 0 || nC === 0) return null;
  const receivedSrc = s.filter((c) => c.delivered);
  const summary = {
    receivedSrc: casesIn(receivedSrc),
    receivedBau: casesIn(b, (c) => c.delivered),
    result: complierAverageCausalEffect({
      eventsT: casesIn(s, (c) => c.events.attrition),
      nT,
      eventsC: casesIn(b, (c) => c.events.attrition),
      nC,
      treatedT: casesIn(receivedSrc),
      treatedC: casesIn(b, (c) => c.delivered),
      eventsAmongTreatedT: casesIn(receivedSrc, (c) => c.events.attrition),
    }),
  };
  return { ...summary, reading: complierReading(summary, nT, nC) };
}

/** Delivered SRC cases v BAU cases that did not receive SRC: biased (delivery is not randomised), kept for comparison only. */
export function perProtocolAttrition(src: readonly CaseCell[], bau: readonly CaseCell[]): PerProtocolResult | null {
  const treated = src.filter((c) => isAnalysed(c) && c.delivered);
  const untreated = bau.filter((c) => isAnalysed(c) && !c.delivered);
  if (casesIn(treated) === 0 || casesIn(untreated) === 0) return null;
  return perProtocol({
    eventsTreatedT: casesIn(treated, (c) => c.events.attrition),
    treatedT: casesIn(treated),
    eventsUntreatedC: casesIn(untreated, (c) => c.events.attrition),
    untreatedC: casesIn(untreated),
  });
}
