import type { AssessedFact, TrialFact } from "../compliance/facts.js";
import { acrossUnits } from "./acrossUnits.js";
import { breakdown } from "./breakdown.js";
import { countTrialFacts } from "./countFacts.js";
import type { TrialCounts } from "./counts.js";
import { buildFlow } from "./flow.js";
import { analyseOutcome, complierEffect, perProtocolAttrition } from "./outcomes.js";
import { forceProjection, powerToDetectPilotEffect } from "./power.js";
import { headline } from "./reading.js";
import { classifyCells } from "./trialCases.js";
import { weeklyTrend } from "./trend.js";
import { OUTCOME_KEYS, type OutcomeAnalysis, type OutcomeKey, type TrialReport, type TrialReportOptions } from "./types.js";

/**
 * The trial report from the counts of the cases in a period and area. Intention to treat throughout: every randomised
 * case counts in the arm it was allocated to, excluded or not, delivered or not; rollout cases were never randomised
 * and are only counted. Outcome denominators hold the cases whose outcome is known within the follow-up window; the
 * others are shown in the flow as open.
 */
export function trialReportFromCounts(counts: TrialCounts, options: TrialReportOptions): TrialReport {
  const cells = classifyCells(counts.flow, options.outcomes);
  const randomised = cells.filter((c) => c.method === "randomised");
  const rollout = cells.filter((c) => c.method === "rollout");
  const src = randomised.filter((c) => c.arm === "SRC");
  const bau = randomised.filter((c) => c.arm === "BAU");
  const flow = buildFlow(counts.assessed, randomised, rollout);
  const outcomes = Object.fromEntries(
    OUTCOME_KEYS.map((key) => [key, analyseOutcome(key, src, bau, options.outcomes, options.followUpDays)]),
  ) as Record<OutcomeKey, OutcomeAnalysis>;
  const complier = complierEffect(src, bau);
  const power = powerToDetectPilotEffect(outcomes.attrition);
  return {
    generatedAt: options.now,
    scope: options.scope,
    followUpDays: options.followUpDays,
    flow,
    delivery: { count: flow.src.delivered, of: flow.src.allocated, rate: flow.src.allocated === 0 ? null : flow.src.delivered / flow.src.allocated },
    outcomes,
    complier,
    perProtocol: perProtocolAttrition(src, bau),
    power,
    projection: forceProjection(outcomes.attrition, complier, options.force),
    headline: headline(outcomes.attrition, power),
    trend: weeklyTrend(counts.byTime, options.timeZone),
    byWard: breakdown(counts.byWard, (ward) => [ward]),
    acrossUnits: options.unitOf ? acrossUnits(counts.byWard, options.unitOf) : null,
    byStrand: counts.byStrands.length > 0 ? breakdown(counts.byStrands, (strands) => strands.split(";")) : null,
  };
}

/** The same report from the facts of a few cases, counted in memory. */
export function buildTrialReport(trialFacts: readonly TrialFact[], assessedFacts: readonly AssessedFact[], options: TrialReportOptions): TrialReport {
  return trialReportFromCounts(countTrialFacts(trialFacts, assessedFacts, { attritionCodes: options.outcomes.attrition, followUpDays: options.followUpDays, now: options.now }), options);
}
