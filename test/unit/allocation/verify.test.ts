import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allocationParams,
  allocationRange,
  hashAllocationList,
  verifyAllocations,
  type RecordedAllocation,
} from "../../../src/domain/allocation/index.js";

const params = allocationParams({ seed: "verify-seed" });
const recorded: readonly RecordedAllocation[] = [
  ...allocationRange(params, "Lambeth", 0, 25),
  ...allocationRange(params, "Wandsworth", 0, 12),
  ...allocationRange(params, "Merton", 0, 3),
];

const find = (stratum: string, index: number) =>
  recorded.find((r) => r.stratum === stratum && r.index === index) as RecordedAllocation;
const replace = (stratum: string, index: number, change: Partial<RecordedAllocation>) =>
  recorded.map((r) => (r.stratum === stratum && r.index === index ? { ...r, ...change } : r));
const flip = (arm: string) => (arm === "SRC" ? "BAU" : "SRC");

describe("verifyAllocations", () => {
  it("accepts an untouched list, in any order, and its hash equals the hash of what was recorded", () => {
    const result = verifyAllocations(params, [...recorded].reverse());
    expect(result).toEqual({ ok: true, mismatches: [], listHash: hashAllocationList(recorded) });
  });

  it("accepts an empty list", () => {
    expect(verifyAllocations(params, [])).toEqual({ ok: true, mismatches: [], listHash: hashAllocationList([]) });
  });

  it("names a changed arm", () => {
    const original = find("Lambeth", 7).arm;
    const result = verifyAllocations(params, replace("Lambeth", 7, { arm: flip(original) }));
    expect(result.ok).toBe(false);
    expect(result.mismatches).toEqual([
      { stratum: "Lambeth", index: 7, field: "arm", expected: original, recorded: flip(original) },
    ]);
  });

  it("names a changed block number", () => {
    const original = find("Wandsworth", 4).blockNumber;
    const result = verifyAllocations(params, replace("Wandsworth", 4, { blockNumber: original + 1 }));
    expect(result.mismatches).toEqual([
      { stratum: "Wandsworth", index: 4, field: "blockNumber", expected: original, recorded: original + 1 },
    ]);
  });

  it("names a changed position, block size and algorithm version", () => {
    const r = find("Merton", 1);
    const result = verifyAllocations(
      params,
      replace("Merton", 1, { positionInBlock: r.positionInBlock + 1, blockSize: 10, algorithmVersion: "pbr-v0" }),
    );
    expect(result.mismatches).toEqual([
      { stratum: "Merton", index: 1, field: "algorithmVersion", expected: "pbr-v1", recorded: "pbr-v0" },
      {
        stratum: "Merton",
        index: 1,
        field: "positionInBlock",
        expected: r.positionInBlock,
        recorded: r.positionInBlock + 1,
      },
      { stratum: "Merton", index: 1, field: "blockSize", expected: r.blockSize, recorded: 10 },
    ]);
  });

  it("names a missing index", () => {
    const result = verifyAllocations(
      params,
      recorded.filter((r) => !(r.stratum === "Lambeth" && r.index === 3)),
    );
    expect(result.mismatches).toEqual([
      { stratum: "Lambeth", index: 3, field: "missingIndex", expected: 3, recorded: null },
    ]);
    // listHash covers the regenerated list through the highest recorded index, gap included.
    expect(result.listHash).toBe(hashAllocationList(recorded));
  });

  it("names missing leading indices of a stratum", () => {
    const result = verifyAllocations(params, recorded.filter((r) => !(r.stratum === "Merton" && r.index < 2)));
    expect(result.mismatches.map((m) => [m.stratum, m.index, m.field])).toEqual([
      ["Merton", 0, "missingIndex"],
      ["Merton", 1, "missingIndex"],
    ]);
  });

  it("names a duplicated index, and a field that differs between the copies", () => {
    const copy = find("Wandsworth", 9);
    const same = verifyAllocations(params, [...recorded, copy]);
    expect(same.mismatches).toEqual([
      { stratum: "Wandsworth", index: 9, field: "duplicateIndex", expected: 1, recorded: 2 },
    ]);
    const different = verifyAllocations(params, [...recorded, { ...copy, arm: flip(copy.arm) }]);
    expect(different.mismatches).toEqual([
      { stratum: "Wandsworth", index: 9, field: "duplicateIndex", expected: 1, recorded: 2 },
      { stratum: "Wandsworth", index: 9, field: "arm", expected: copy.arm, recorded: flip(copy.arm) },
    ]);
  });

  it("names indices that are negative or not whole numbers", () => {
    const result = verifyAllocations(params, [...recorded, { ...find("Merton", 0), index: -1 }, { ...find("Merton", 0), index: 1.5 }]);
    expect(result.mismatches).toEqual([
      { stratum: "Merton", index: -1, field: "invalidIndex", expected: null, recorded: -1 },
      { stratum: "Merton", index: 1.5, field: "invalidIndex", expected: null, recorded: 1.5 },
    ]);
  });

  it("rejects a list made with another seed", () => {
    const other = allocationRange(allocationParams({ seed: "another-seed" }), "Lambeth", 0, 25);
    const result = verifyAllocations(params, other);
    expect(result.ok).toBe(false);
    expect(result.mismatches.some((m) => m.field === "arm")).toBe(true);
  });

  it("finds any single tampered field at the place it was changed", () => {
    const tamper = {
      arm: (r: RecordedAllocation) => ({ arm: flip(r.arm) }),
      blockNumber: (r: RecordedAllocation) => ({ blockNumber: r.blockNumber + 1 }),
      positionInBlock: (r: RecordedAllocation) => ({ positionInBlock: r.positionInBlock === 1 ? 2 : 1 }),
      blockSize: (r: RecordedAllocation) => ({ blockSize: r.blockSize === 4 ? 6 : 4 }),
      algorithmVersion: () => ({ algorithmVersion: "pbr-v9" }),
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: recorded.length - 1 }),
        fc.constantFrom(...(Object.keys(tamper) as (keyof typeof tamper)[])),
        (at, field) => {
          const target = recorded[at] as RecordedAllocation;
          const result = verifyAllocations(params, replace(target.stratum, target.index, tamper[field](target)));
          expect(result.mismatches.map((m) => [m.stratum, m.index, m.field])).toEqual([
            [target.stratum, target.index, field],
          ]);
        },
      ),
      { numRuns: 100 },
    );
  });
});
