import { powerTwoProportions, projectForceScale, relativeReductionFromRiskRatio, sampleSizeTwoProportions } from "../../stats/index.js";
import { percent, whole } from "./format.js";
import { powerReading } from "./reading.js";
import type { ComplierSummary, OutcomeAnalysis, PowerSummary, ProjectionSummary } from "./types.js";

/** The pilot's finding: attrition 22% lower with SRC, from about 31% without it. */
export const PILOT_RELATIVE_REDUCTION = 0.22;
export const PILOT_CONTROL_RISK = 0.31;

/**
 * The power this sample had to detect an effect the size of the pilot's, with the smaller arm's analysed cases per arm
 * (the conservative choice for unequal arms). The observed BAU risk is used when it allows a reduction to be tested;
 * otherwise the pilot's.
 */
export function powerToDetectPilotEffect(attrition: OutcomeAnalysis): PowerSummary {
  const observed = attrition.bau.n > 0 ? attrition.bau.events / attrition.bau.n : undefined;
  const usable = observed !== undefined && observed > 0 && observed < 1;
  const controlRisk = usable ? observed : PILOT_CONTROL_RISK;
  const treatmentRisk = controlRisk * (1 - PILOT_RELATIVE_REDUCTION);
  const nPerArm = Math.min(attrition.src.n, attrition.bau.n);
  const summary = {
    controlRisk,
    controlRiskSource: usable ? ("observed" as const) : ("pilot" as const),
    relativeReduction: PILOT_RELATIVE_REDUCTION,
    treatmentRisk,
    nPerArm,
    power: nPerArm > 0 ? powerTwoProportions({ nPerArm, p1: controlRisk, p2: treatmentRisk }) : null,
    nPerArmFor80: sampleSizeTwoProportions({ p1: controlRisk, p2: treatmentRisk, power: 0.8 }).nPerArmCeiling,
  };
  return { ...summary, reading: powerReading(summary) };
}

/**
 * The force-wide illustration: annual withdrawals × the relative reduction, from the intention-to-treat relative risk
 * (with its interval) and from the complier effect (every case receiving SRC).
 */
export function forceProjection(attrition: OutcomeAnalysis, complier: ComplierSummary | null, force: { annualHateCrimes: number; annualWithdrawals: number }): ProjectionSummary | null {
  if (attrition.result === null) return null;
  const base = { withdrawalsPerYear: force.annualWithdrawals, casesPerYear: force.annualHateCrimes };
  const intentionToTreat = projectForceScale({ ...base, ...relativeReductionFromRiskRatio(attrition.result) });
  const fullChange = complier?.result.fullComplianceRelativeChangePct ?? null;
  // A change below −100% would mean fewer than no withdrawals among compliers: chance, not a figure to scale up.
  const fullReduction = fullChange === null || fullChange < -100 ? null : -fullChange / 100;
  const fullDelivery = fullReduction === null ? null : projectForceScale({ ...base, relativeReduction: fullReduction });
  const fewer = (x: number): string => (x >= 0 ? `${whole(x)} fewer` : `${whole(-x)} more`);
  const interval = intentionToTreat.interval;
  const reading =
    `Illustration only, assuming the effect transfers unchanged to the whole force (${whole(force.annualHateCrimes)} hate crimes and ${whole(force.annualWithdrawals)} withdrawals a year): ` +
    `SRC for every case would mean about ${fewer(intentionToTreat.fewerWithdrawals)} withdrawals a year` +
    (interval ? ` (95% CI from ${fewer(interval.lower.fewerWithdrawals)} to ${fewer(interval.upper.fewerWithdrawals)})` : "") +
    (fullDelivery && fullReduction !== null ? `; with every contact delivered, about ${fewer(fullDelivery.fewerWithdrawals)} (${percent(Math.abs(fullReduction))} ${fullReduction >= 0 ? "lower" : "higher"} attrition).` : ".");
  return { annualHateCrimes: force.annualHateCrimes, annualWithdrawals: force.annualWithdrawals, intentionToTreat, fullDelivery, reading };
}
