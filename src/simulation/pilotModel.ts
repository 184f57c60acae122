import type { Rng } from "../intake/demoWards.js";

/**
 * The simulated world's truth, drawn per case from a stream seeded with the run's seed and the crime reference, so a
 * case's fate does not depend on the order in which the simulation happens to meet it.
 *
 * Delivery: each SRC referral is delivered (claimed and completed) with probability `delivery`; the others are split
 * evenly between never claimed and claimed but closed "unable to contact" after three attempts on two days.
 *
 * Attrition (the outcome is 14 or 16): BAU cases and undelivered SRC cases with probability `controlAttrition`,
 * delivered SRC cases with `controlAttrition × (1 − relativeReduction)`. So SRC works only when delivered, and the
 * intention-to-treat relative risk is 1 − delivery × relativeReduction, while the complier effect (CACE) recovers
 * `relativeReduction`. Cases without attrition close with another code, the same in both arms: charge (1) 12%,
 * community resolution (8) 6%, evidential difficulties (15) 37%, no suspect identified (18) 45%. Every randomised
 * case has an outcome 7 to 75 days after allocation: inside the 90-day follow-up window, so every case is analysed.
 * Non-crime incidents are not allocated and get no outcome.
 */
export interface PilotParameters {
  cases: number;
  controlAttrition: number;
  relativeReduction: number;
  delivery: number;
}

export const PILOT_DEFAULTS: PilotParameters = { cases: 250, controlAttrition: 0.31, relativeReduction: 0.22, delivery: 0.85 };

export type ReferralFate = "delivered" | "unableToContact" | "unclaimed";

const ATTRITION_CODES = [{ code: "14", weight: 0.4 }, { code: "16", weight: 0.6 }];
const OTHER_CODES = [
  { code: "1", weight: 0.12 },
  { code: "8", weight: 0.06 },
  { code: "15", weight: 0.37 },
  { code: "18", weight: 0.45 },
];
const OUTCOME_DAYS = { min: 7, max: 75 };
const HOUR = 3_600_000;

export class PilotParameterError extends Error {}

/** Refuses parameters that are not a possible world: every risk must be a probability. */
export function checkParameters(p: PilotParameters): void {
  const problems: string[] = [];
  if (!Number.isInteger(p.cases) || p.cases < 10 || p.cases > 20_000) problems.push(`cases: a whole number from 10 to 20000, got ${p.cases}`);
  if (!(p.controlAttrition >= 0 && p.controlAttrition <= 1)) problems.push(`control attrition: a probability from 0 to 1, got ${p.controlAttrition}`);
  if (!(p.delivery >= 0 && p.delivery <= 1)) problems.push(`delivery: a probability from 0 to 1, got ${p.delivery}`);
  const treated = p.controlAttrition * (1 - p.relativeReduction);
  if (!Number.isFinite(p.relativeReduction) || p.relativeReduction > 1 || treated > 1) {
    problems.push(`relative reduction: at most 1, and the attrition with SRC, control × (1 − reduction) = ${Number(treated.toFixed(4))}, must be a probability`);
  }
  if (problems.length > 0) throw new PilotParameterError(problems.join("; "));
}

/** The relative risk of attrition, SRC v BAU, that intention to treat estimates under this model. */
export function expectedIttRelativeRisk(p: PilotParameters): number {
  return 1 - p.delivery * p.relativeReduction;
}

export function drawFate(rng: Rng, delivery: number): ReferralFate {
  if (rng() < delivery) return "delivered";
  return rng() < 0.5 ? "unableToContact" : "unclaimed";
}

export function attritionRisk(p: PilotParameters, arm: "SRC" | "BAU", delivered: boolean): number {
  return arm === "SRC" && delivered ? p.controlAttrition * (1 - p.relativeReduction) : p.controlAttrition;
}

/** The code the case closes with and how many days after allocation. */
export function drawOutcome(rng: Rng, attrition: number): { code: string; afterDays: number } {
  const attrited = rng() < attrition;
  const code = pick(rng, attrited ? ATTRITION_CODES : OTHER_CODES);
  const afterDays = OUTCOME_DAYS.min + Math.floor(rng() * (OUTCOME_DAYS.max - OUTCOME_DAYS.min + 1));
  return { code, afterDays };
}

/** What the officer does, in milliseconds after the card was posted. */
export interface OfficerPlan {
  officerIndex: number;
  claimAfterMs: number;
  /** Delivered: when contact is made and recorded. */
  completeAfterMs: number;
  wantsStatement: boolean;
  method: "phone" | "in_person";
}

export function drawOfficerPlan(rng: Rng, officers: number): OfficerPlan {
  const claimAfterMs = Math.round((0.25 + rng() * 7.75) * HOUR);
  return {
    officerIndex: Math.floor(rng() * officers),
    claimAfterMs,
    completeAfterMs: claimAfterMs + Math.round((0.5 + rng() * 47.5) * HOUR),
    wantsStatement: rng() < 0.15,
    method: rng() < 0.6 ? "phone" : "in_person",
  };
}

/** Unsuccessful attempts of an "unable to contact" referral, after its claim: three, on two different days. */
export const ATTEMPT_OFFSETS_MS = [0.5 * HOUR, 2 * HOUR, 26 * HOUR] as const;

function pick(rng: Rng, options: readonly { code: string; weight: number }[]): string {
  let target = rng() * options.reduce((sum, o) => sum + o.weight, 0);
  for (const option of options) {
    target -= option.weight;
    if (target < 0) return option.code;
  }
  return options.at(-1)!.code;
}
