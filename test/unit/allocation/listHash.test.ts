import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allocationParams,
  allocationRange,
  canonicalAllocationList,
  hashAllocationList,
  type HashableAllocation,
} from "../../../src/domain/allocation/index.js";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

const entry = (stratum: string, index: number, arm: string, blockNumber: number, positionInBlock: number) => ({
  algorithmVersion: "pbr-v1",
  stratum,
  index,
  arm,
  blockNumber,
  positionInBlock,
});

describe("list hash", () => {
  it("hashes the empty list to the SHA-256 of the empty string", () => {
    expect(hashAllocationList([])).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("serialises one JSON line per allocation, sorted by stratum then index, whatever the input order", () => {
    const entries = [
      entry("Wandsworth", 0, "BAU", 1, 1),
      entry("Camden", 1, "BAU", 1, 2),
      entry("Camden", 0, "SRC", 1, 1),
      entry("Łódź", 0, "SRC", 1, 1),
    ];
    const expected =
      '["pbr-v1","Camden",0,"SRC",1,1]\n' +
      '["pbr-v1","Camden",1,"BAU",1,2]\n' +
      '["pbr-v1","Wandsworth",0,"BAU",1,1]\n' +
      '["pbr-v1","Łódź",0,"SRC",1,1]\n';
    expect(canonicalAllocationList(entries)).toBe(expected);
    expect(hashAllocationList(entries)).toBe(sha256(expected));
  });

  it("sorts indices numerically, not as text", () => {
    const text = canonicalAllocationList([entry("A", 10, "SRC", 3, 1), entry("A", 9, "BAU", 2, 4)]);
    expect(text.split("\n")[0]).toBe('["pbr-v1","A",9,"BAU",2,4]');
  });

  it("does not depend on the order entries are given in", () => {
    const list = allocationRange(allocationParams({ seed: "hash-order" }), "Croydon", 0, 40);
    fc.assert(
      fc.property(fc.shuffledSubarray(list, { minLength: list.length }), (shuffled) => {
        expect(hashAllocationList(shuffled)).toBe(hashAllocationList(list));
      }),
      { numRuns: 100 },
    );
  });

  it("changes when any hashed field of any entry changes", () => {
    const list: HashableAllocation[] = allocationRange(allocationParams({ seed: "hash-fields" }), "Sutton", 0, 30);
    const original = hashAllocationList(list);
    const edits: ((e: HashableAllocation) => HashableAllocation)[] = [
      (e) => ({ ...e, algorithmVersion: "pbr-v2" }),
      (e) => ({ ...e, stratum: `${e.stratum} ` }),
      (e) => ({ ...e, index: e.index + 1000 }),
      (e) => ({ ...e, arm: e.arm === "SRC" ? "BAU" : "SRC" }),
      (e) => ({ ...e, blockNumber: e.blockNumber + 1 }),
      (e) => ({ ...e, positionInBlock: e.positionInBlock + 1 }),
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: list.length - 1 }), fc.constantFrom(...edits), (at, edit) => {
        const changed = list.map((e, i) => (i === at ? edit(e) : e));
        expect(hashAllocationList(changed)).not.toBe(original);
      }),
      { numRuns: 100 },
    );
  });
});
