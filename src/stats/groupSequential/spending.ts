import { StatsInputError } from "../errors.js";
import { normalQuantile } from "../normalDistribution.js";
import { logUpperTail } from "./normalTail.js";

/**
 * Alpha-spending functions (Lan & DeMets 1983; Kim & DeMets 1987; Hwang, Shih & DeCani 1990), in the
 * CLI's spelling. rpact's names: asOF, asP, asKD, asHSD.
 */
export const SPENDING_FUNCTIONS = ["obrien-fleming", "pocock", "kim-demets", "hwang-shih-decani"] as const;
export type SpendingFunction = (typeof SPENDING_FUNCTIONS)[number];

export interface SpendingChoice {
  /** Default "obrien-fleming". */
  spending?: SpendingFunction;
  /** Kim-DeMets power ρ (> 0) or Hwang-Shih-DeCani γ (any real); required for those two, refused for the others. */
  gamma?: number;
}

export const GAMMA_RANGE = {
  "kim-demets": { min: 0, max: 20, meaning: "the power ρ in α·t^ρ: 1 spends in proportion to information, 3 is close to O'Brien-Fleming" },
  "hwang-shih-decani": { min: -40, max: 40, meaning: "γ in α·(1 − e^(−γt))/(1 − e^(−γ)): −4 is close to O'Brien-Fleming, 1 to Pocock, 0 spends in proportion to information" },
} as const;

export function isSpendingFunction(name: string): name is SpendingFunction {
  return (SPENDING_FUNCTIONS as readonly string[]).includes(name);
}

export function needsGamma(spending: SpendingFunction): spending is "kim-demets" | "hwang-shih-decani" {
  return spending === "kim-demets" || spending === "hwang-shih-decani";
}

/** The spending function and its parameter, checked: gamma is required exactly where it applies. */
export function validateSpending(choice: SpendingChoice): { spending: SpendingFunction; gamma: number | null } {
  const spending = choice.spending ?? "obrien-fleming";
  if (!isSpendingFunction(spending)) {
    throw new StatsInputError("spending", `must be one of ${SPENDING_FUNCTIONS.join(", ")}, got ${JSON.stringify(spending)}`);
  }
  if (!needsGamma(spending)) {
    if (choice.gamma !== undefined) {
      throw new StatsInputError("gamma", `applies only to kim-demets and hwang-shih-decani; ${spending} has no parameter`);
    }
    return { spending, gamma: null };
  }
  const range = GAMMA_RANGE[spending];
  if (choice.gamma === undefined) throw new StatsInputError("gamma", `is required with ${spending}: ${range.meaning}`);
  const gamma = choice.gamma;
  const inRange = spending === "kim-demets" ? gamma > range.min && gamma <= range.max : gamma >= range.min && gamma <= range.max;
  if (!Number.isFinite(gamma) || !inRange) {
    const interval = spending === "kim-demets" ? `> ${range.min} and ≤ ${range.max}` : `from ${range.min} to ${range.max}`;
    throw new StatsInputError("gamma", `for ${spending} must be ${interval} (${range.meaning}), got ${String(gamma)}`);
  }
  return { spending, gamma };
}

/**
 * log of the error spent on ONE side by information fraction t (0 < t ≤ 1), with the one-sided spending
 * function at level α/2 — rpact's convention for a two-sided design (sided = 2): each side gets α/2.
 *   O'Brien-Fleming type  2·(1 − Φ(Φ⁻¹(1 − α/4)/√t))
 *   Pocock type           α/2 · ln(1 + (e − 1)t)
 *   Kim-DeMets            α/2 · t^ρ
 *   Hwang-Shih-DeCani     α/2 · (1 − e^(−γt))/(1 − e^(−γ))   (α/2 · t when γ = 0)
 * On the log scale because an early O'Brien-Fleming look spends less than the smallest double.
 */
export function logSpentPerSide(alpha: number, spending: SpendingFunction, gamma: number | null, t: number): number {
  if (t >= 1) return Math.log(alpha / 2);
  const logHalfAlpha = Math.log(alpha / 2);
  switch (spending) {
    case "obrien-fleming":
      return Math.LN2 + logUpperTail(-normalQuantile(alpha / 4) / Math.sqrt(t));
    case "pocock":
      return logHalfAlpha + Math.log(Math.log1p((Math.E - 1) * t));
    case "kim-demets":
      return logHalfAlpha + (gamma ?? 1) * Math.log(t);
    case "hwang-shih-decani": {
      const g = gamma ?? 0;
      return logHalfAlpha + (g === 0 ? Math.log(t) : Math.log(Math.expm1(-g * t) / Math.expm1(-g)));
    }
  }
}

/** Two-sided cumulative alpha spent by fraction t (both sides together): 2 × the one-sided function at α/2. */
export function cumulativeAlphaSpent(alpha: number, spending: SpendingFunction, gamma: number | null, t: number): number {
  return 2 * Math.exp(logSpentPerSide(alpha, spending, gamma, t));
}
