import { StatsInputError } from "./errors.js";
import { normalCdf, normalQuantile } from "./normalDistribution.js";
import { validatePositive, validateProbability } from "./validation.js";

export interface PowerInput {
  /** Cases per arm; need not be whole (R accepts any n > 0). */
  nPerArm: number;
  p1: number;
  p2: number;
  /** Two-sided significance level; default 0.05. */
  alpha?: number;
  /** Also count rejections in the wrong direction, as R's strict = TRUE; default false, as R. */
  strict?: boolean;
}

export interface SampleSizeInput {
  p1: number;
  p2: number;
  alpha?: number;
  /** Target power; default 0.8. */
  power?: number;
  strict?: boolean;
}

export interface SampleSizeResult {
  /** Exact solution of power(n) = target, as R's power.prop.test reports it. */
  nPerArm: number;
  /** Cases to recruit per arm. */
  nPerArmCeiling: number;
}

/**
 * Power of the two-sided two-sample test of proportions, the normal approximation R's
 * power.prop.test uses: with d = |p1 − p2|, q = Φ⁻¹(1 − α/2), s₀ = √((p1 + p2)(1 − (p1 + p2)/2))
 * (the pooled-null standard deviation) and s₁ = √(p1(1 − p1) + p2(1 − p2)),
 *   power = Φ((√n·d − q·s₀)/s₁)  [+ Φ(−(√n·d + q·s₀)/s₁) when strict].
 */
export function powerTwoProportions(input: PowerInput): number {
  validatePositive(input.nPerArm, "n-per-arm");
  validatePowerProportions(input.p1, input.p2, input.alpha);
  return powerAt(input.nPerArm, input.p1, input.p2, input.alpha ?? 0.05, input.strict ?? false);
}

/**
 * Cases per arm for the target power. Power rises monotonically in n, so bisection on n is safe; R
 * uses uniroot with a loose default tolerance (≈1e-4), here the root is found to ~1e-12 relative.
 */
export function sampleSizeTwoProportions(input: SampleSizeInput): SampleSizeResult {
  const alpha = input.alpha ?? 0.05;
  const target = input.power ?? 0.8;
  const strict = input.strict ?? false;
  validatePowerProportions(input.p1, input.p2, input.alpha);
  validateProbability(target, "power");
  if (input.p1 === input.p2) throw new StatsInputError("p2", "must differ from p1: no sample size detects no difference");
  const shortfall = (n: number): number => powerAt(n, input.p1, input.p2, alpha, strict) - target;
  if (shortfall(0) >= 0) {
    throw new StatsInputError("power", `must exceed the power at n = 0 (${powerAt(0, input.p1, input.p2, alpha, strict)})`);
  }
  let low = 0;
  let high = 1e7;
  while (shortfall(high) < 0) {
    low = high;
    high *= 2;
  }
  while (high - low > 1e-12 * high) {
    const middle = (low + high) / 2;
    if (middle === low || middle === high) break;
    if (shortfall(middle) < 0) low = middle;
    else high = middle;
  }
  const nPerArm = (low + high) / 2;
  return { nPerArm, nPerArmCeiling: Math.ceil(nPerArm) };
}

function powerAt(n: number, p1: number, p2: number, alpha: number, strict: boolean): number {
  const q = normalQuantile(1 - alpha / 2);
  const difference = Math.abs(p1 - p2);
  const nullSd = Math.sqrt((p1 + p2) * (1 - (p1 + p2) / 2));
  const alternativeSd = Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  const rootNd = Math.sqrt(n) * difference;
  const rightDirection = normalCdf((rootNd - q * nullSd) / alternativeSd);
  return strict ? rightDirection + normalCdf(-(rootNd + q * nullSd) / alternativeSd) : rightDirection;
}

function validatePowerProportions(p1: number, p2: number, alpha: number | undefined): void {
  validateProbability(p1, "p1");
  validateProbability(p2, "p2");
  if (alpha !== undefined) validateProbability(alpha, "alpha");
}
