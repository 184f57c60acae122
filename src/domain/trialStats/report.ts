import type { AssessedFact, TrialFact } from "../compliance/facts.js";
import { breakdown } from "./breakdown.js";
import { buildFlow } from "./flow.js";
import { analyseOutcome, complierEffect, perProtocolAttrition } from "./outcomes.js";
import { forceProjection, powerToDetectPilotEffect } from "./power.js";
import { headline } from "./reading.js";
import { classifyCases } from "./trialCases.js";
import { weeklyTrend } from "./trend.js";
import { OUTCOME_KEYS, type OutcomeAnalysis, type OutcomeKey, type TrialReport, type TrialReportOptions } from "./types.js";

/**
 * The trial report for the cases given (already filtered to a period and area). Intention to treat throughout: every
 * randomised case counts in the arm it was allocated to, excluded or not, delivered or not; rollout cases were never
 * randomised and are only counted. Outcome denominators hold the cases whose outcome is known within the follow-up
 * window; the others are shown in the flow as open.
 */
export function buildTrialReport(trialFacts: readonly TrialFact[], assessedFacts: readonly AssessedFact[], options: TrialReportOptions): TrialReport {
  const cases = classifyCases(trialFacts, options.outcomes, options.followUpDays, options.now);
  const randomised = cases.filter((c) => c.fact.method === "randomised");
  const rollout = cases.filter((c) => c.fact.method === "rollout");
  const src = randomised.filter((c) => c.fact.arm === "SRC");
  const bau = randomised.filter((c) => c.fact.arm === "BAU");
  const flow = buildFlow(assessedFacts, randomised, rollout);
  const outcomes = Object.fromEntries(
    OUTCOME_KEYS.map((key) => [key, analyseOutcome(key, src, bau, options.outcomes, options.followUpDays)]),
  ) as Record<OutcomeKey, OutcomeAnalysis>;
  const complier = complierEffect(src, bau);
  const power = powerToDetectPilotEffect(outcomes.attrition);
  const withStrands = randomised.some((c) => c.fact.strands !== undefined && c.fact.strands.length > 0);
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
    trend: weeklyTrend(randomised, options.timeZone),
    byWard: breakdown(randomised, (c) => [c.fact.wardCode]),
    byStrand: withStrands ? breakdown(randomised, (c) => c.fact.strands ?? []) : null,
  };
}
