import { hashAllocationList } from "./listHash.js";
import { MAX_SEQUENCE_INDEX } from "./params.js";
import { allocationRange } from "./sequence.js";
import type { Allocation, AllocationParams, RecordedAllocation } from "./types.js";

export type MismatchField =
  | "algorithmVersion"
  | "arm"
  | "blockNumber"
  | "positionInBlock"
  | "blockSize"
  /** No record holds this index although a later one exists; expected = the index, recorded = null. */
  | "missingIndex"
  /** Several records hold this index; expected = 1, recorded = how many. */
  | "duplicateIndex"
  /** Not an integer in 0..MAX_SEQUENCE_INDEX; expected = null, recorded = the index. */
  | "invalidIndex";

export interface AllocationMismatch {
  readonly stratum: string;
  readonly index: number;
  readonly field: MismatchField;
  readonly expected: string | number | null;
  readonly recorded: string | number | null;
}

export interface VerificationResult {
  readonly ok: boolean;
  /** Ordered by stratum, index, then the order of fields in MismatchField. */
  readonly mismatches: readonly AllocationMismatch[];
  /**
   * Hash of the regenerated list covering, for every stratum in `recorded`, indices 0 to the
   * highest valid recorded index. Equals hashAllocationList(recorded) whenever `ok` is true.
   */
  readonly listHash: string;
}

const COMPARED_FIELDS = ["algorithmVersion", "arm", "blockNumber", "positionInBlock", "blockSize"] as const;
const FIELD_ORDER: readonly MismatchField[] = [
  "invalidIndex",
  "missingIndex",
  "duplicateIndex",
  ...COMPARED_FIELDS,
];

/**
 * Regenerates each stratum's sequence with the trial's recorded parameters (including its algorithm
 * version) and checks every recorded allocation against it, and that each stratum's indices run
 * from 0 without gaps or repeats.
 */
export function verifyAllocations(
  params: AllocationParams,
  recorded: readonly RecordedAllocation[],
): VerificationResult {
  const mismatches: AllocationMismatch[] = [];
  const expectedList: Allocation[] = [];
  for (const [stratum, records] of groupByStratum(recorded)) {
    const byIndex = new Map<number, RecordedAllocation[]>();
    let maxIndex = -1;
    for (const r of records) {
      if (!Number.isSafeInteger(r.index) || r.index < 0 || r.index > MAX_SEQUENCE_INDEX) {
        mismatches.push({ stratum, index: r.index, field: "invalidIndex", expected: null, recorded: r.index });
        continue;
      }
      const atIndex = byIndex.get(r.index);
      if (atIndex) atIndex.push(r);
      else byIndex.set(r.index, [r]);
      maxIndex = Math.max(maxIndex, r.index);
    }
    const expected = allocationRange(params, stratum, 0, maxIndex + 1);
    expectedList.push(...expected);
    for (const e of expected) {
      const atIndex = byIndex.get(e.index) ?? [];
      if (atIndex.length === 0) {
        mismatches.push({ stratum, index: e.index, field: "missingIndex", expected: e.index, recorded: null });
      } else if (atIndex.length > 1) {
        mismatches.push({ stratum, index: e.index, field: "duplicateIndex", expected: 1, recorded: atIndex.length });
      }
      for (const r of atIndex) {
        for (const field of COMPARED_FIELDS) {
          if (r[field] !== e[field]) {
            mismatches.push({ stratum, index: e.index, field, expected: e[field], recorded: r[field] });
          }
        }
      }
    }
  }
  mismatches.sort(
    (a, b) =>
      (a.stratum < b.stratum ? -1 : a.stratum > b.stratum ? 1 : 0) ||
      a.index - b.index ||
      FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field),
  );
  return { ok: mismatches.length === 0, mismatches, listHash: hashAllocationList(expectedList) };
}

function groupByStratum(recorded: readonly RecordedAllocation[]): Map<string, RecordedAllocation[]> {
  const groups = new Map<string, RecordedAllocation[]>();
  for (const r of recorded) {
    const group = groups.get(r.stratum);
    if (group) group.push(r);
    else groups.set(r.stratum, [r]);
  }
  return groups;
}
