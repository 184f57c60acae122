import { StatsInputError } from "../errors.js";
import { BoundaryRecursion, DEFAULT_PRECISION, type GridPrecision } from "./recursion.js";
import { logSpentPerSide, validateSpending, type SpendingChoice, type SpendingFunction } from "./spending.js";
import { logUpperTail } from "./normalTail.js";

/** At most a look a week for a year. */
export const MAX_LOOKS = 52;

export interface DesignInput extends SpendingChoice {
  /** Two-sided significance level, 0 < α < 1 (0.05). Each side gets α/2. */
  alpha: number;
  /**
   * Information fraction of each look so far, strictly increasing and > 0: the share of the planned
   * information reached (cases with a known outcome ÷ the planned number). Only the last may exceed 1.
   */
  fractions: readonly number[];
  /**
   * The last look is the final analysis: it spends all the alpha left, whatever its fraction (under- or
   * over-running). Default: final when the last fraction is 1 or more.
   */
  final?: boolean;
}

export interface LookBoundary {
  /** 1-based. */
  look: number;
  fraction: number;
  /** Reject when |z| ≥ critical (symmetric two-sided boundary). */
  critical: number;
  /** One-sided nominal level of the boundary, 1 − Φ(critical) (rpact's stageLevels); the two-sided nominal p is twice this. */
  stageLevel: number;
  /** Both sides' error spent at this look. */
  alphaSpent: number;
  /** Both sides' error spent up to and including this look. */
  cumulativeAlphaSpent: number;
  final: boolean;
}

export interface SequentialDesign {
  alpha: number;
  spending: SpendingFunction;
  gamma: number | null;
  looks: LookBoundary[];
}

/** Validates the design input; throws StatsInputError naming `alpha`, `fractions`, `spending` or `gamma`. */
export function validateDesignInput(input: DesignInput): { spending: SpendingFunction; gamma: number | null; final: boolean } {
  if (!Number.isFinite(input.alpha) || input.alpha <= 0 || input.alpha >= 1) {
    throw new StatsInputError("alpha", `must be a two-sided significance level strictly between 0 and 1, got ${String(input.alpha)}`);
  }
  const spending = validateSpending(input);
  const fractions = input.fractions;
  if (fractions.length === 0) throw new StatsInputError("fractions", "must list at least one look");
  if (fractions.length > MAX_LOOKS) {
    throw new StatsInputError("fractions", `at most ${MAX_LOOKS} looks (a look a week for a year), got ${fractions.length}`);
  }
  fractions.forEach((t, i) => {
    if (!Number.isFinite(t) || t <= 0) {
      throw new StatsInputError("fractions", `look ${i + 1}: an information fraction must be a number > 0, got ${String(t)}`);
    }
    if (i === 0) return;
    const before = fractions[i - 1] ?? 0;
    if (t === before) {
      throw new StatsInputError(
        "fractions",
        `look ${i + 1} has the same information as look ${i} (${t}): with no new outcomes there is nothing new to test and no alpha to spend; drop that look (look ${i}'s result stands)`,
      );
    }
    if (t < before) {
      throw new StatsInputError("fractions", `must increase from look to look: look ${i + 1} (${t}) comes after look ${i} (${before})`);
    }
  });
  const overrun = fractions.findIndex((t) => t >= 1);
  if (overrun !== -1 && overrun < fractions.length - 1) {
    throw new StatsInputError(
      "fractions",
      `look ${overrun + 1} reaches the planned information (${fractions[overrun]}), so it is the final analysis: no look can follow it`,
    );
  }
  const last = fractions[fractions.length - 1] ?? 0;
  if (input.final === false && last >= 1) {
    throw new StatsInputError("fractions", `the last look reaches the planned information (${last}), so it must be the final analysis`);
  }
  return { ...spending, final: input.final ?? last >= 1 };
}

/**
 * Symmetric two-sided group-sequential boundaries for an alpha-spending function at the fractions actually
 * reached (Lan & DeMets): at look k the error spent on each side is f(t_k) − f(t_{k−1}), f being the one-sided
 * spending function at level α/2, as rpact's getDesignGroupSequential(sided = 2, typeOfDesign = "asOF" …).
 * A final look (see `final`) spends whatever is left, α/2 − f(t_{K−1}) per side, earlier looks unchanged —
 * rpact's typeOfDesign = "asUser" with the fractions rescaled to end at 1.
 */
export function designBoundaries(input: DesignInput): SequentialDesign {
  const { design, recursion } = computeDesign(input, DEFAULT_PRECISION);
  recursions.set(design, recursion);
  return design;
}

/** The integration grids behind each design this module returned, kept for adjusted p-values. */
const recursions = new WeakMap<SequentialDesign, BoundaryRecursion>();

/** The recursion behind a design: the one kept when it was computed, or recomputed (e.g. for a design read from JSON). */
export function recursionFor(design: SequentialDesign): BoundaryRecursion {
  const cached = recursions.get(design);
  if (cached !== undefined) return cached;
  const last = design.looks[design.looks.length - 1];
  const { recursion } = computeDesign(
    {
      alpha: design.alpha,
      spending: design.spending,
      gamma: design.gamma ?? undefined,
      fractions: design.looks.map((l) => l.fraction),
      final: last?.final ?? false,
    },
    DEFAULT_PRECISION,
  );
  recursions.set(design, recursion);
  return recursion;
}

/** The design and the recursion behind it (kept for adjusted p-values). Precision is for tests of convergence. */
export function computeDesign(input: DesignInput, precision: GridPrecision): { design: SequentialDesign; recursion: BoundaryRecursion } {
  const { spending, gamma, final } = validateDesignInput(input);
  const { alpha, fractions } = input;
  const isFinal = (i: number) => final && i === fractions.length - 1;
  const logSpent = fractions.map((t, i) => (isFinal(i) ? Math.log(alpha / 2) : logSpentPerSide(alpha, spending, gamma, t)));
  // log(f(t_k) − f(t_{k−1})) without losing the tiny early increments of O'Brien-Fleming.
  const logIncrements = logSpent.map((logNow, i) => {
    const logBefore = i === 0 ? -Infinity : (logSpent[i - 1] ?? -Infinity);
    const logIncrement = logBefore === -Infinity ? logNow : logNow + Math.log1p(-Math.exp(logBefore - logNow));
    if (!Number.isFinite(logIncrement)) {
      throw new StatsInputError("fractions", `looks ${i} and ${i + 1} are too close to tell apart: the spending function spends nothing between them`);
    }
    return logIncrement;
  });
  const recursion = new BoundaryRecursion(fractions, logIncrements, precision);
  const looks: LookBoundary[] = fractions.map((t, i) => {
    const critical = recursion.criticals[i] ?? Infinity;
    return {
      look: i + 1,
      fraction: t,
      critical,
      stageLevel: Math.exp(logUpperTail(critical)),
      alphaSpent: 2 * Math.exp(logIncrements[i] ?? -Infinity),
      cumulativeAlphaSpent: 2 * Math.exp(logSpent[i] ?? -Infinity),
      final: isFinal(i),
    };
  });
  return { design: { alpha, spending, gamma, looks }, recursion };
}
