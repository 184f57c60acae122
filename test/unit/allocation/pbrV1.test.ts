import { createHash } from "node:crypto";
import seedrandom from "seedrandom";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALGORITHM_VERSION, allocationParams, allocationRange } from "../../../src/domain/allocation/index.js";

/** pbr-v1 written again from the derivation documented in src/domain/allocation/pbrV1.ts. */
function documentedPbrV1(seed: string, stratum: string, src: number, bau: number, sizes: number[], n: number) {
  const key = createHash("sha256").update(JSON.stringify(["pbr-v1", seed, stratum]), "utf8").digest("hex");
  const rng = seedrandom(key);
  const out: [string, number, number, number][] = [];
  for (let block = 1; out.length < n; block++) {
    const size = sizes[Math.floor(rng() * sizes.length)] as number;
    const k = size / (src + bau);
    const arms = [...Array<string>(k * src).fill("SRC"), ...Array<string>(k * bau).fill("BAU")];
    for (let i = size - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [arms[i], arms[j]] = [arms[j] as string, arms[i] as string];
    }
    arms.forEach((arm, p) => out.push([arm, block, p + 1, size]));
  }
  return out.slice(0, n);
}

const tuples = (list: ReturnType<typeof allocationRange>) =>
  list.map((a) => [a.arm, a.blockNumber, a.positionInBlock, a.blockSize]);

describe("pbr-v1", () => {
  it("is the current algorithm version", () => {
    expect(ALGORITHM_VERSION).toBe("pbr-v1");
  });

  it("matches its documented derivation, so a verifier can rebuild the list without this code", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        fc.constantFrom<[number, number, number[]]>([1, 1, [4, 6]], [1, 1, [2, 4, 8]], [2, 1, [3, 6]], [1, 3, [8]]),
        (seed, stratum, [src, bau, blockSizes]) => {
          const list = allocationRange(allocationParams({ seed, ratio: { src, bau }, blockSizes }), stratum, 0, 50);
          expect(tuples(list)).toEqual(documentedPbrV1(seed, stratum, src, bau, blockSizes, 50));
        },
      ),
      { numRuns: 100 },
    );
  });

  // Golden values: if this fails, the algorithm changed. Recorded trials would no longer verify,
  // so a change needs a new version (pbr-v2) alongside this one, not an edit here.
  it("gives the pinned first 20 allocations for a fixed seed (1:1, blocks 4 and 6)", () => {
    const params = allocationParams({ seed: "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff" });
    expect(tuples(allocationRange(params, "Wandsworth", 0, 20))).toEqual([
      ["BAU", 1, 1, 6],
      ["SRC", 1, 2, 6],
      ["SRC", 1, 3, 6],
      ["SRC", 1, 4, 6],
      ["BAU", 1, 5, 6],
      ["BAU", 1, 6, 6],
      ["BAU", 2, 1, 4],
      ["SRC", 2, 2, 4],
      ["BAU", 2, 3, 4],
      ["SRC", 2, 4, 4],
      ["SRC", 3, 1, 4],
      ["SRC", 3, 2, 4],
      ["BAU", 3, 3, 4],
      ["BAU", 3, 4, 4],
      ["SRC", 4, 1, 4],
      ["SRC", 4, 2, 4],
      ["BAU", 4, 3, 4],
      ["BAU", 4, 4, 4],
      ["SRC", 5, 1, 6],
      ["BAU", 5, 2, 6],
    ]);
  });

  it("gives the pinned first 12 allocations for a fixed seed (2:1, blocks 3 and 6)", () => {
    const params = allocationParams({ seed: "trial-2024-golden", ratio: { src: 2, bau: 1 }, blockSizes: [3, 6] });
    expect(tuples(allocationRange(params, "Merton", 0, 12))).toEqual([
      ["SRC", 1, 1, 3],
      ["SRC", 1, 2, 3],
      ["BAU", 1, 3, 3],
      ["BAU", 2, 1, 6],
      ["SRC", 2, 2, 6],
      ["SRC", 2, 3, 6],
      ["SRC", 2, 4, 6],
      ["SRC", 2, 5, 6],
      ["BAU", 2, 6, 6],
      ["BAU", 3, 1, 3],
      ["SRC", 3, 2, 3],
      ["SRC", 3, 3, 3],
    ]);
  });
});
