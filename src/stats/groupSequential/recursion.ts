import { logNormalDensity, logUpperTail, upperQuantileFromLog } from "./normalTail.js";

/**
 * The recursive numerical integration of Armitage, McPherson & Rowe (1969), as in Jennison & Turnbull
 * (2000) ch. 19, for symmetric two-sided boundaries under the null hypothesis.
 *
 * With information fractions t_1 < … < t_K, the score S_k = Z_k·√t_k has independent N(0, t_k − t_{k−1})
 * increments. g_k(z), the sub-density of Z_k over paths that stayed inside (−c_j, c_j) at every earlier
 * look, satisfies
 *   g_1(z) = φ(z),
 *   g_k(z) = ∫_{−c_{k−1}}^{c_{k−1}} g_{k−1}(u) · √(t_k/Δ_k) · φ((z√t_k − u√t_{k−1})/√Δ_k) du,   Δ_k = t_k − t_{k−1},
 * and the chance of leaving through the upper boundary at look k is
 *   E_k(c) = ∫ g_{k−1}(u) · Φ̄((c√t_k − u√t_{k−1})/√Δ_k) du.
 *
 * The integrals are composite Simpson on a uniform grid. Unlike a fixed grid (rpact's), the step is made fine
 * enough for what is integrated: at most 0.02, and at most 1/16 of the width of the kernel to the next look
 * (√(Δ_{k+1}/t_k)) and of the smoothing from the previous one (√(Δ_k/t_k)), so looks 0.001 apart are integrated
 * as accurately as looks 0.25 apart. Terms more than 10 standard deviations from where the integrand can
 * peak (relative size < 1e-21) are skipped, which keeps close looks cheap.
 *
 * Everything is carried on the log scale, so a boundary of 20 (tail 1e-89) or 71 (an O'Brien-Fleming look at
 * 0.1% of the information, tail e^−2516) is as exact as one of 2. The grid of look j covers (−c_j, c_j), cut
 * where nothing later can reach: at ±8.5 (φ(8.5) ≈ 1e-16) or, when a later look's boundary is high, at the
 * height a path must pass at look j to leave there (that boundary × √(t_j/t_m), plus 12 standard deviations).
 */

export interface GridPrecision {
  /** Largest step, in z units. */
  maxStep: number;
  /** Points per kernel width. */
  pointsPerWidth: number;
}

export const DEFAULT_PRECISION: GridPrecision = { maxStep: 0.02, pointsPerWidth: 16 };

const BULK_LIMIT = 8.5;
const PATH_MARGIN = 12;
const KERNEL_CUTOFF = 10;
const LOG_SQRT_TWO_PI = 0.5 * Math.log(2 * Math.PI);

interface Grid {
  /** First point (−B) and step. */
  start: number;
  step: number;
  count: number;
  /** log(Simpson weight × g) at each point. */
  logWeighted: Float64Array;
  /** Information fraction of this look. */
  t: number;
}

function logSimpsonWeight(i: number, last: number, step: number): number {
  if (i === 0 || i === last) return Math.log(step / 3);
  return Math.log(i % 2 === 1 ? (4 * step) / 3 : (2 * step) / 3);
}

/** Adds e^term to a sum kept as scale + log(running), without overflow or underflow. */
class LogSum {
  private scale = -Infinity;
  private running = 0;

  add(term: number): void {
    if (term === -Infinity) return;
    if (term > this.scale) {
      this.running = this.running * Math.exp(this.scale - term) + 1;
      this.scale = term;
    } else {
      this.running += Math.exp(term - this.scale);
    }
  }

  get value(): number {
    return this.scale === -Infinity ? -Infinity : this.scale + Math.log(this.running);
  }
}

/**
 * Solves the looks in order. `logIncrements[k]` is the log of the per-side error to spend at look k. The
 * grids of every look but the last are kept, for adjusted p-values afterwards.
 */
export class BoundaryRecursion {
  readonly criticals: number[] = [];
  private readonly grids: Grid[] = [];
  /** An upper bound on each look's boundary: the marginal normal quantile of its error. */
  private readonly marginals: number[];

  constructor(
    private readonly fractions: readonly number[],
    logIncrements: readonly number[],
    private readonly precision: GridPrecision = DEFAULT_PRECISION,
  ) {
    this.marginals = logIncrements.map(upperQuantileFromLog);
    logIncrements.forEach((logIncrement, k) => this.criticals.push(this.solve(k, logIncrement)));
  }

  /** log E_k(c): the per-side chance of leaving at look k (0-based) through c, having stayed in before. */
  logExit(k: number, c: number): number {
    if (k === 0) return logUpperTail(c);
    const grid = this.gridBefore(k);
    const t = this.fractions[k] ?? 1;
    const delta = t - grid.t;
    const a = Math.sqrt(t / delta);
    const b = Math.sqrt(grid.t / delta);
    const sum = new LogSum();
    for (let i = 0; i < grid.count; i++) {
      sum.add((grid.logWeighted[i] ?? -Infinity) + logUpperTail(c * a - (grid.start + i * grid.step) * b));
    }
    return sum.value;
  }

  /** −d/dc E_k(c) ÷ E_k(c), for Newton steps on log E. */
  private exitSlopeRatio(k: number, c: number, logE: number): number {
    if (k === 0) return Math.exp(logNormalDensity(c) - logE);
    const grid = this.gridBefore(k);
    const t = this.fractions[k] ?? 1;
    const delta = t - grid.t;
    const a = Math.sqrt(t / delta);
    const b = Math.sqrt(grid.t / delta);
    let sum = 0;
    for (let i = 0; i < grid.count; i++) {
      sum += Math.exp((grid.logWeighted[i] ?? -Infinity) + logNormalDensity(c * a - (grid.start + i * grid.step) * b) - logE);
    }
    return sum * a;
  }

  private solve(k: number, logTarget: number): number {
    const marginal = this.marginals[k] ?? Infinity;
    if (k === 0) return marginal;
    // E_k(c) ≤ Φ̄(c), so the root lies in [0, marginal]; E_k(0) ≥ the target (see the design's checks).
    let low = 0;
    let high = marginal;
    let c = marginal;
    for (let i = 0; i < 200; i++) {
      const logE = this.logExit(k, c);
      const f = logE - logTarget;
      if (f === 0) return c;
      if (f > 0) low = c;
      else high = c;
      const ratio = this.exitSlopeRatio(k, c, logE);
      let next = c + f / ratio;
      if (!(next > low && next < high) || !Number.isFinite(next)) next = (low + high) / 2;
      if (Math.abs(next - c) <= 1e-13 * Math.max(1, c) || high - low <= 1e-13 * Math.max(1, c)) return next;
      c = next;
    }
    return c;
  }

  /** Grid of look k − 1 (0-based), built on first use. */
  private gridBefore(k: number): Grid {
    const existing = this.grids[k - 1];
    if (existing !== undefined) return existing;
    const grid = this.buildGrid(k - 1);
    this.grids[k - 1] = grid;
    return grid;
  }

  /** How far out look j's grid must reach for the paths that leave at any later look. */
  private reach(j: number): number {
    const t = this.fractions[j] ?? 1;
    let reach = BULK_LIMIT;
    for (let m = j + 1; m < this.fractions.length; m++) {
      const r = t / (this.fractions[m] ?? 1);
      reach = Math.max(reach, (this.marginals[m] ?? 0) * Math.sqrt(r) + PATH_MARGIN * Math.sqrt(1 - r));
    }
    return reach;
  }

  private buildGrid(j: number): Grid {
    const t = this.fractions[j] ?? 1;
    const next = this.fractions[j + 1] ?? 1;
    const previous = j > 0 ? (this.fractions[j - 1] ?? 0) : 0;
    const half = Math.min(this.criticals[j] ?? Infinity, this.reach(j));
    const widths = [Math.sqrt((next - t) / t)];
    if (j > 0) widths.push(Math.sqrt((t - previous) / t));
    const step = Math.min(this.precision.maxStep, ...widths.map((w) => w / this.precision.pointsPerWidth));
    const intervals = Math.max(2, 2 * Math.ceil(half / step));
    const h = (2 * half) / intervals;
    const count = intervals + 1;
    const start = -half;
    const logWeighted = new Float64Array(count);
    if (j === 0) {
      for (let i = 0; i < count; i++) logWeighted[i] = logSimpsonWeight(i, intervals, h) + logNormalDensity(start + i * h);
      return { start, step: h, count, logWeighted, t };
    }
    const before = this.gridBefore(j);
    const delta = t - before.t;
    const a = Math.sqrt(t / delta);
    const b = Math.sqrt(before.t / delta);
    const logA = Math.log(a) - LOG_SQRT_TWO_PI;
    // In u the kernel is centred at z·√t_j/√t_{j−1} with variance s² = Δ/t_{j−1}. Times g_{j−1} (at most φ(u)),
    // the integrand peaks nearer 0, at centre/(1 + s²), with variance s²/(1 + s²): far out in the tail that is
    // many kernel widths from the kernel's centre. The window covers both, 10 standard deviations beyond.
    const s2 = delta / before.t;
    const kernelSd = Math.sqrt(s2);
    const productSd = Math.sqrt(s2 / (1 + s2));
    for (let i = 0; i < count; i++) {
      const z = start + i * h;
      const centre = (z * Math.sqrt(t)) / Math.sqrt(before.t);
      const peak = centre / (1 + s2);
      const low = Math.min(centre - KERNEL_CUTOFF * kernelSd, peak - KERNEL_CUTOFF * productSd);
      const high = Math.max(centre + KERNEL_CUTOFF * kernelSd, peak + KERNEL_CUTOFF * productSd);
      const from = Math.max(0, Math.ceil((low - before.start) / before.step));
      const to = Math.min(before.count - 1, Math.floor((high - before.start) / before.step));
      const sum = new LogSum();
      for (let l = from; l <= to; l++) {
        const x = z * a - (before.start + l * before.step) * b;
        sum.add((before.logWeighted[l] ?? -Infinity) - 0.5 * x * x);
      }
      logWeighted[i] = logSimpsonWeight(i, intervals, h) + logA + sum.value;
    }
    return { start, step: h, count, logWeighted, t };
  }
}
