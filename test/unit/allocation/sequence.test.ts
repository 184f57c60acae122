import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allocationAt,
  allocationParams,
  allocationRange,
  allocationSequence,
  AllocationParamsError,
  defaultBlockSizes,
  type Allocation,
  type AllocationParams,
  type AllocationRatio,
} from "../../../src/domain/allocation/index.js";

const seedArb = fc.string({ minLength: 1, maxLength: 40 });
const stratumArb = fc.string({ minLength: 1, maxLength: 20 });

/** A ratio and a non-empty set of distinct block sizes that are multiples of the ratio total. */
const designArb = fc
  .record({ src: fc.integer({ min: 1, max: 3 }), bau: fc.integer({ min: 1, max: 3 }) })
  .chain((ratio) =>
    fc
      .subarray([1, 2, 3, 4], { minLength: 1 })
      .map((multiples) => ({ ratio, blockSizes: multiples.map((m) => m * (ratio.src + ratio.bau)) })),
  );

function countArms(list: readonly Allocation[]): { src: number; bau: number } {
  let src = 0;
  for (const a of list) if (a.arm === "SRC") src++;
  return { src, bau: list.length - src };
}

describe("balance within each stratum", () => {
  it("1:1 with the default sizes: arms never differ by more than 3 (half of 6) and are equal at every block end", () => {
    fc.assert(
      fc.property(seedArb, stratumArb, (seed, stratum) => {
        const list = allocationRange(allocationParams({ seed }), stratum, 0, 150);
        let src = 0;
        let bau = 0;
        for (const a of list) {
          if (a.arm === "SRC") src++;
          else bau++;
          expect(Math.abs(src - bau)).toBeLessThanOrEqual(3);
          if (a.positionInBlock === a.blockSize) expect(src).toBe(bau);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("any ratio: |bau·#SRC − src·#BAU| stays within block·src·bau/total, and is 0 at every block end", () => {
    fc.assert(
      fc.property(seedArb, stratumArb, designArb, (seed, stratum, design) => {
        const { src: s, bau: c } = design.ratio;
        const list = allocationRange(allocationParams({ seed, ...design }), stratum, 0, 200);
        let nSrc = 0;
        let nBau = 0;
        for (const a of list) {
          if (a.arm === "SRC") nSrc++;
          else nBau++;
          // Worst case inside a block of size k·(s+c) is all k·s SRC first (or all k·c BAU first).
          expect(Math.abs(c * nSrc - s * nBau)).toBeLessThanOrEqual((a.blockSize * s * c) / (s + c));
          if (a.positionInBlock === a.blockSize) expect(c * nSrc).toBe(s * nBau);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("each block holds exactly its ratio share of SRC", () => {
    const params = allocationParams({ seed: "ratio-check", ratio: { src: 2, bau: 1 }, blockSizes: [3, 6] });
    const list = allocationRange(params, "Merton", 0, 300).filter((a) => a.blockNumber <= 40);
    for (let block = 1; block <= 40; block++) {
      const members = list.filter((a) => a.blockNumber === block);
      const size = members[0]?.blockSize ?? 0;
      expect(members).toHaveLength(size);
      expect(countArms(members)).toEqual({ src: (size * 2) / 3, bau: size / 3 });
    }
  });
});

describe("block structure", () => {
  it("indices run from 0, blocks are numbered from 1 and positions run 1..size inside each block", () => {
    fc.assert(
      fc.property(seedArb, stratumArb, designArb, (seed, stratum, design) => {
        const list = allocationRange(allocationParams({ seed, ...design }), stratum, 0, 120);
        const expected: [number, number, number][] = [];
        let block = 1;
        let position = 1;
        for (const a of list) {
          expected.push([expected.length, block, position]);
          if (position === a.blockSize) {
            block++;
            position = 1;
          } else {
            position++;
          }
        }
        expect(list.map((a) => [a.index, a.blockNumber, a.positionInBlock])).toEqual(expected);
        expect(new Set(list.map((a) => a.stratum + "|" + a.algorithmVersion))).toEqual(new Set([`${stratum}|pbr-v1`]));
        expect(list.every((a) => design.blockSizes.includes(a.blockSize))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it("uses both default sizes (4 and 6) and only those over a long sequence", () => {
    fc.assert(
      fc.property(seedArb, stratumArb, (seed, stratum) => {
        const sizes = new Set(allocationRange(allocationParams({ seed }), stratum, 0, 240).map((a) => a.blockSize));
        expect([...sizes].sort()).toEqual([4, 6]);
      }),
      { numRuns: 200 },
    );
  });
});

describe("reproducibility", () => {
  it("the same seed and stratum give the same list, from independently built params", () => {
    fc.assert(
      fc.property(seedArb, stratumArb, designArb, (seed, stratum, design) => {
        const first = allocationRange(allocationParams({ seed, ...design }), stratum, 0, 60);
        const again = allocationRange(
          allocationParams({ seed: `${seed}`, ratio: { ...design.ratio }, blockSizes: [...design.blockSizes] }),
          stratum,
          0,
          60,
        );
        expect(again).toEqual(first);
      }),
      { numRuns: 100 },
    );
  });

  it("different seeds give different lists of 20", () => {
    // Two independent streams agree on 20 allocations with probability of order 1e-5, so this is a
    // property of the generator, not a certainty; the fixed fast-check seed keeps the run deterministic.
    fc.assert(
      fc.property(seedArb, seedArb, stratumArb, (a, b, stratum) => {
        fc.pre(a !== b);
        const listA = allocationRange(allocationParams({ seed: a }), stratum, 0, 20);
        const listB = allocationRange(allocationParams({ seed: b }), stratum, 0, 20);
        expect(listA).not.toEqual(listB);
      }),
      { numRuns: 300, seed: 20240601 },
    );
  });

  it("strata with the same seed get different sequences", () => {
    fc.assert(
      fc.property(seedArb, stratumArb, stratumArb, (seed, s1, s2) => {
        fc.pre(s1 !== s2);
        const params = allocationParams({ seed });
        const arms = (s: string) => allocationRange(params, s, 0, 60).map((a) => a.arm);
        expect(arms(s1)).not.toEqual(arms(s2));
      }),
      { numRuns: 200, seed: 20240602 },
    );
  });

  it("keeps apart stratum names that seedrandom would key identically ('A' vs 'Ł', 'ab' vs 'abab')", () => {
    const params = allocationParams({ seed: "collision-check" });
    const arms = (s: string) => allocationRange(params, s, 0, 60).map((a) => a.arm);
    expect(arms("A")).not.toEqual(arms("Ł"));
    expect(arms("ab")).not.toEqual(arms("abab"));
  });

  it("keeps apart seed/stratum splits of the same text", () => {
    const arms = (seed: string, stratum: string) =>
      allocationRange(allocationParams({ seed }), stratum, 0, 60).map((a) => a.arm);
    expect(arms("abc:def", "x")).not.toEqual(arms("abc", "def:x"));
  });

  it("a stratum's sequence does not depend on which other strata exist or how calls interleave", () => {
    const params = allocationParams({ seed: "independence" });
    const alone = allocationRange(params, "Wandsworth", 0, 50);
    const iterators = ["Lambeth", "Wandsworth", "Merton", "Richmond"].map((s) => allocationSequence(params, s));
    const interleaved: Allocation[] = [];
    for (let i = 0; i < 200; i++) {
      const a = iterators[i % 4]?.next().value;
      if (a?.stratum === "Wandsworth") interleaved.push(a);
    }
    expect(interleaved).toEqual(alone);
  });
});

describe("lazy access", () => {
  const params = allocationParams({ seed: "lazy" });
  const reference = allocationRange(params, "Kingston", 0, 600);

  it("allocationAt(k) is the k-th element of the sequence", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 599 }), (k) => {
        expect(allocationAt(params, "Kingston", k)).toEqual(reference[k]);
      }),
      { numRuns: 200 },
    );
  });

  it("a sequence started at k continues exactly where the full sequence is at k", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 99 }), (k, n) => {
        expect(allocationRange(params, "Kingston", k, n)).toEqual(reference.slice(k, k + n));
        const it = allocationSequence(params, "Kingston", k);
        expect(it.next().value).toEqual(reference[k]);
      }),
      { numRuns: 200 },
    );
  });
});

describe("parameters", () => {
  it("defaults to 1:1 with blocks of 4 and 6", () => {
    const params: AllocationParams = allocationParams({ seed: "s" });
    expect(params).toEqual({ algorithmVersion: "pbr-v1", seed: "s", ratio: { src: 1, bau: 1 }, blockSizes: [4, 6] });
    expect(Object.isFrozen(params)).toBe(true);
  });

  it("default block sizes are two and three repeats of the ratio", () => {
    expect(defaultBlockSizes({ src: 2, bau: 1 })).toEqual([6, 9]);
    expect(allocationParams({ seed: "s", ratio: { src: 2, bau: 1 } }).blockSizes).toEqual([6, 9]);
  });

  it.each<[string, { ratio?: AllocationRatio; blockSizes?: number[]; seed?: string }]>([
    ["a block size that is not a multiple of the ratio total", { ratio: { src: 2, bau: 1 }, blockSizes: [4, 6] }],
    ["an odd block size for 1:1", { blockSizes: [4, 5] }],
    ["a zero ratio part", { ratio: { src: 0, bau: 1 } }],
    ["a fractional ratio part", { ratio: { src: 1.5, bau: 1 } }],
    ["no block sizes", { blockSizes: [] }],
    ["repeated block sizes", { blockSizes: [4, 4, 6] }],
    ["a zero block size", { blockSizes: [0, 4] }],
    ["an empty seed", { seed: "" }],
  ])("rejects %s", (_label, input) => {
    expect(() => allocationParams({ seed: "s", ...input })).toThrow(AllocationParamsError);
  });

  it("rejects an unknown algorithm version and an empty stratum", () => {
    const params = allocationParams({ seed: "s" });
    expect(() => allocationRange({ ...params, algorithmVersion: "pbr-v0" as never }, "A", 0, 1)).toThrow(
      AllocationParamsError,
    );
    expect(() => allocationSequence(params, "")).toThrow(AllocationParamsError);
  });

  it("rejects negative or fractional indices at the call, not on first use", () => {
    const params = allocationParams({ seed: "s" });
    expect(() => allocationAt(params, "A", -1)).toThrow(RangeError);
    expect(() => allocationSequence(params, "A", 1.5)).toThrow(RangeError);
  });
});
