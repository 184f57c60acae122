import { describe, expect, it } from "vitest";
import {
  allocationParams,
  allocationRange,
  type Allocation,
  type AllocationParams,
} from "../../../src/domain/allocation/index.js";

/**
 * Exact two-sided binomial test with R's binom.test convention: sum the probabilities of all
 * outcomes no more likely than the observed one (with R's 1e-7 relative tolerance).
 */
function binomialTestP(successes: number, trials: number, p: number): number {
  const logFactorial = [0];
  for (let i = 1; i <= trials; i++) logFactorial.push((logFactorial[i - 1] as number) + Math.log(i));
  const lf = (i: number) => logFactorial[i] as number;
  const pmf = (k: number) =>
    Math.exp(lf(trials) - lf(k) - lf(trials - k) + k * Math.log(p) + (trials - k) * Math.log1p(-p));
  const observed = pmf(successes) * (1 + 1e-7);
  let total = 0;
  for (let k = 0; k <= trials; k++) {
    const q = pmf(k);
    if (q <= observed) total += q;
  }
  return Math.min(1, total);
}

const ALPHA = 0.001;
const SEEDS = 2000;
const POSITIONS = 12;

type Producer = (seed: string) => readonly Allocation[];

/** Positions (0-based) whose SRC frequency over SEEDS seeds is inconsistent with pSrc at level ALPHA. */
function flaggedPositions(produce: Producer, pSrc: number): number[] {
  const srcCounts = Array<number>(POSITIONS).fill(0);
  for (let i = 0; i < SEEDS; i++) {
    produce(`distribution-seed-${i}`).forEach((a, position) => {
      if (a.arm === "SRC") srcCounts[position] = (srcCounts[position] as number) + 1;
    });
  }
  return srcCounts.flatMap((count, position) => (binomialTestP(count, SEEDS, pSrc) < ALPHA ? [position] : []));
}

const firstTwelve =
  (params: Omit<AllocationParams, "seed">, stratum: string): Producer =>
  (seed) =>
    allocationRange({ ...params, seed }, stratum, 0, POSITIONS);

describe("exact binomial test (checked against R)", () => {
  it.each([
    // binom.test(7, 20)$p.value
    [7, 20, 0.5, 0.263176],
    // binom.test(682, 925, p = 3/4)$p.value, the example in R's documentation
    [682, 925, 0.75, 0.3824916],
    // binom.test(0, 10)$p.value = 2 / 2^10
    [0, 10, 0.5, 0.001953125],
    // binom.test(10, 10, p = 0.5)
    [10, 10, 0.5, 0.001953125],
  ])("binom.test(%i, %i, %f) = %f", (x, n, p, expected) => {
    expect(binomialTestP(x, n, p)).toBeCloseTo(expected, 6);
  });
});

describe("each of the first 12 positions is SRC with the ratio's probability, over 2,000 seeds", () => {
  it("1:1 with blocks of 4 and 6: P(SRC) = 1/2 at every position", () => {
    const { seed: _, ...design } = allocationParams({ seed: "x" });
    expect(flaggedPositions(firstTwelve(design, "Lambeth"), 0.5)).toEqual([]);
  });

  it("2:1 with blocks of 3 and 6: P(SRC) = 2/3 at every position", () => {
    const { seed: _, ...design } = allocationParams({ seed: "x", ratio: { src: 2, bau: 1 }, blockSizes: [3, 6] });
    expect(flaggedPositions(firstTwelve(design, "Lambeth"), 2 / 3)).toEqual([]);
  });

  it("the first block's size is chosen evenly between 4 and 6", () => {
    let fours = 0;
    for (let i = 0; i < SEEDS; i++) {
      if (allocationRange(allocationParams({ seed: `size-seed-${i}` }), "Lambeth", 0, 1)[0]?.blockSize === 4) fours++;
    }
    expect(binomialTestP(fours, SEEDS, 0.5)).toBeGreaterThan(ALPHA);
  });
});

describe("the test has power: it flags biased generators", () => {
  const { seed: _, ...design } = allocationParams({ seed: "x" });
  const fair = firstTwelve(design, "Lambeth");

  it("flags a generator that puts an SRC first in every block", () => {
    const srcFirst: Producer = (seed) => {
      const list = fair(seed).map((a) => ({ ...a }));
      for (const block of new Set(list.map((a) => a.blockNumber))) {
        const members = list.filter((a) => a.blockNumber === block);
        const firstSrc = members.find((a) => a.arm === "SRC");
        const head = members[0];
        if (head && firstSrc && head !== firstSrc) [head.arm, firstSrc.arm] = [firstSrc.arm, head.arm];
      }
      return list;
    };
    expect(flaggedPositions(srcFirst, 0.5)).toContain(0);
  });

  it("flags a generator whose 6th position leans to SRC 57% of the time", () => {
    let calls = 0;
    const leaning: Producer = (seed) =>
      fair(seed).map((a, position) =>
        // Deterministic tilt: every 7th call that would be BAU at position 5 becomes SRC (≈ 0.5 + 0.5/7).
        position === 5 && a.arm === "BAU" && calls++ % 7 === 0 ? { ...a, arm: "SRC" } : a,
      );
    expect(flaggedPositions(leaning, 0.5)).toEqual([5]);
  });
});
