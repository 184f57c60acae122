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
 * The integrals are composite Simpson on a uniform grid over (−c_{k−1}, c_{k−1}) cut at ±14 (φ(14) ≈ 5e-44).
 * Unlike a fixed grid (rpact's), the step is made fine enough for what is integrated: at most 0.02, and at
 * most 1/16 of the width of the kernel to the next look (√(Δ_{k+1}/t_k)) and of the smoothing from the
 * previous one (√(Δ_k/t_k)), so looks 0.001 apart are integrated as accurately as looks 0.25 apart. Kernel
 * terms beyond 10 standard deviations (relative size < 1e-21) are skipped, which keeps close looks cheap.
 * Exit probabilities are summed on the log scale, so a boundary of 20 (tail 1e-89) is as exact as one of 2.
 */

export interface GridPrecision {
  /** Largest step, in z units. */
  maxStep: number;
  /** Points per kernel width. */
  pointsPerWidth: number;
}

export const DEFAULT_PRECISION: GridPrecision = { maxStep: 0.02, pointsPerWidth: 16 };

const GRID_LIMIT = 14;
const KERNEL_CUTOFF = 10;
/**
 * Looks whose per-side error is below e^−95 (boundary above ~13.7) leave through a tail the grid does not
 * reach; there the boundary is the marginal normal quantile. Earlier looks cannot change it: a path at that
 * height has already crossed every earlier boundary of the spending functions offered, by many standard
 * deviations, so the difference is far below 1e-6.
 */
const MARGINAL_BELOW_LOG = -95;

interface Grid {
  /** First point (−B) and step. */
  start: number;
  step: number;
  count: number;
  /** Simpson weight × g at each point. */
  weighted: Float64Array;
  /** log of the same. */
  logWeighted: Float64Array;
  /** Information fraction of this look. */
  t: number;
}

function simpsonWeight(i: number, last: number, step: number): number {
  if (i === 0 || i === last) return step / 3;
  return i % 2 === 1 ? (4 * step) / 3 : (2 * step) / 3;
}

/**
 * Solves the looks one after another. `logIncrements[k]` is the log of the per-side error to spend at look k
 * (−∞ for none). Returns the critical values and, for p-values later, the grid of every look but the last.
 */
export class BoundaryRecursion {
  readonly criticals: number[] = [];
  private readonly grids: Grid[] = [];

  constructor(
    private readonly fractions: readonly number[],
    private readonly precision: GridPrecision = DEFAULT_PRECISION,
  ) {}

  /** log E_k(c): the per-side chance of leaving at look k (0-based) through c, having stayed in before. */
  logExit(k: number, c: number): number {
    if (k === 0) return logUpperTail(c);
    const grid = this.gridBefore(k);
    const t = this.fractions[k] ?? 1;
    const delta = t - grid.t;
    const a = Math.sqrt(t / delta);
    const b = Math.sqrt(grid.t / delta);
    let running = 0;
    let scale = -Infinity;
    // Terms in rising order of size for large c: sum with a running scale, no overflow or underflow.
    for (let i = 0; i < grid.count; i++) {
      const lw = grid.logWeighted[i] ?? -Infinity;
      if (lw === -Infinity) continue;
      const term = lw + logUpperTail(c * a - (grid.start + i * grid.step) * b);
      if (term > scale) {
        running = running * Math.exp(scale - term) + 1;
        scale = term;
      } else {
        running += Math.exp(term - scale);
      }
    }
    return scale === -Infinity ? -Infinity : scale + Math.log(running);
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
      const lw = grid.logWeighted[i] ?? -Infinity;
      if (lw === -Infinity) continue;
      sum += Math.exp(lw + logNormalDensity(c * a - (grid.start + i * grid.step) * b) - logE);
    }
    return sum * a;
  }

  /** Adds look k (= criticals.length) spending e^logIncrement per side; returns its critical value. */
  addLook(logIncrement: number): number {
    const k = this.criticals.length;
    const critical = this.solve(k, logIncrement);
    this.criticals.push(critical);
    return critical;
  }

  private solve(k: number, logTarget: number): number {
    const marginal = upperQuantileFromLog(logTarget);
    if (k === 0 || logTarget < MARGINAL_BELOW_LOG) return marginal;
    // E_k(c) ≤ Φ̄(c), so the root lies in [0, marginal]; E_k(0) ≥ the target (see the design's checks).
    let low = 0;
    let high = marginal;
    let c = marginal;
    for (let i = 0; i < 200; i++) {
      const logE = this.logExit(k, c);
      const f = logE - logTarget;
      if (f > 0) low = c;
      else high = c;
      if (f === 0) return c;
      const ratio = this.exitSlopeRatio(k, c, logE);
      let next = c + f / ratio;
      if (!(next > low && next < high) || !Number.isFinite(next)) next = (low + high) / 2;
      if (Math.abs(next - c) <= 1e-13 * Math.max(1, c) || high - low <= 1e-13 * Math.max(1, c)) return next;
      c = next;
    }
    return c;
  }

  /** Grid of look k − 1 (0-based), built on first use once look k's fraction is known. */
  private gridBefore(k: number): Grid {
    const existing = this.grids[k - 1];
    if (existing !== undefined) return existing;
    const grid = this.buildGrid(k - 1);
    this.grids[k - 1] = grid;
    return grid;
  }

  private buildGrid(j: number): Grid {
    const t = this.fractions[j] ?? 1;
    const next = this.fractions[j + 1] ?? 1;
    const previous = j > 0 ? (this.fractions[j - 1] ?? 0) : 0;
    const critical = this.criticals[j] ?? Infinity;
    const half = Math.min(critical, GRID_LIMIT);
    const widths = [Math.sqrt((next - t) / t)];
    if (j > 0) widths.push(Math.sqrt((t - previous) / t));
    const step = Math.min(this.precision.maxStep, ...widths.map((w) => w / this.precision.pointsPerWidth));
    const intervals = Math.max(2, 2 * Math.ceil(half / step));
    const h = (2 * half) / intervals;
    const count = intervals + 1;
    const weighted = new Float64Array(count);
    const start = -half;
    if (j === 0) {
      for (let i = 0; i < count; i++) {
        const z = start + i * h;
        weighted[i] = simpsonWeight(i, intervals, h) * Math.exp(logNormalDensity(z));
      }
    } else {
      const before = this.gridBefore(j);
      const delta = t - before.t;
      const a = Math.sqrt(t / delta);
      const b = Math.sqrt(before.t / delta);
      const reach = (KERNEL_CUTOFF * Math.sqrt(delta)) / Math.sqrt(before.t);
      for (let i = 0; i < count; i++) {
        const z = start + i * h;
        // u where the kernel is centred: z·√t_j/√t_{j−1}; its width in u is √(Δ/t_{j−1}).
        const centre = (z * Math.sqrt(t)) / Math.sqrt(before.t);
        const from = Math.max(0, Math.ceil((centre - reach - before.start) / before.step));
        const to = Math.min(before.count - 1, Math.floor((centre + reach - before.start) / before.step));
        let sum = 0;
        for (let l = from; l <= to; l++) {
          const x = z * a - (before.start + l * before.step) * b;
          sum += (before.weighted[l] ?? 0) * Math.exp(-0.5 * x * x);
        }
        weighted[i] = (simpsonWeight(i, intervals, h) * sum * a) / Math.sqrt(2 * Math.PI);
      }
    }
    const logWeighted = new Float64Array(count);
    for (let i = 0; i < count; i++) logWeighted[i] = Math.log(weighted[i] ?? 0);
    return { start, step: h, count, weighted, logWeighted, t };
  }
}

