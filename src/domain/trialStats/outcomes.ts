import { analyse2x2, complierAverageCausalEffect, perProtocol, type PerProtocolResult } from "../../stats/index.js";
import { complierReading, outcomeReading } from "./reading.js";
import { isAnalysed, tally, type TrialCase } from "./trialCases.js";
import { OUTCOME_LABELS, type ComplierSummary, type OutcomeAnalysis, type OutcomeKey, type OutcomeSets } from "./types.js";

/** Intention to treat: every randomised case with an outcome in the window, in the arm it was allocated to. */
export function analyseOutcome(key: OutcomeKey, src: readonly TrialCase[], bau: readonly TrialCase[], sets: OutcomeSets, followUpDays: number): OutcomeAnalysis {
  const s = tally(src, key);
  const b = tally(bau, key);
  const result = s.n > 0 && b.n > 0 ? analyse2x2({ eventsT: s.events, nT: s.n, eventsC: b.events, nC: b.n }) : null;
  const analysis = { key, label: OUTCOME_LABELS[key], codes: sets[key], src: s, bau: b, result };
  return { ...analysis, reading: outcomeReading(analysis, followUpDays) };
}

/** Receipt of SRC is delivery (a completed referral); randomisation is the instrument. */
export function complierEffect(src: readonly TrialCase[], bau: readonly TrialCase[]): ComplierSummary | null {
  const s = src.filter(isAnalysed);
  const b = bau.filter(isAnalysed);
  if (s.length === 0 || b.length === 0) return null;
  const receivedSrc = s.filter((c) => c.fact.delivered);
  const summary = {
    receivedSrc: receivedSrc.length,
    receivedBau: b.filter((c) => c.fact.delivered).length,
    result: complierAverageCausalEffect({
      eventsT: s.filter((c) => c.events.attrition).length,
      nT: s.length,
      eventsC: b.filter((c) => c.events.attrition).length,
      nC: b.length,
      treatedT: receivedSrc.length,
      treatedC: b.filter((c) => c.fact.delivered).length,
      eventsAmongTreatedT: receivedSrc.filter((c) => c.events.attrition).length,
    }),
  };
  return { ...summary, reading: complierReading(summary, s.length, b.length) };
}

/** Delivered SRC cases v BAU cases that did not receive SRC: biased (delivery is not randomised), kept for comparison only. */
export function perProtocolAttrition(src: readonly TrialCase[], bau: readonly TrialCase[]): PerProtocolResult | null {
  const treated = src.filter((c) => isAnalysed(c) && c.fact.delivered);
  const untreated = bau.filter((c) => isAnalysed(c) && !c.fact.delivered);
  if (treated.length === 0 || untreated.length === 0) return null;
  return perProtocol({
    eventsTreatedT: treated.filter((c) => c.events.attrition).length,
    treatedT: treated.length,
    eventsUntreatedC: untreated.filter((c) => c.events.attrition).length,
    untreatedC: untreated.length,
  });
}
