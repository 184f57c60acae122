import { assertValidParams, assertValidStratum, MAX_SEQUENCE_INDEX } from "./params.js";
import type { Allocation, AllocationParams } from "./types.js";
import { blockGeneratorFor } from "./versions.js";

/**
 * The stratum's allocations from `fromIndex` onwards, lazily. Reaching `fromIndex` regenerates
 * the blocks before it (O(fromIndex)), so a caller allocating many cases should keep one iterator
 * rather than call `allocationAt` per case.
 */
export function allocationSequence(
  params: AllocationParams,
  stratum: string,
  fromIndex = 0,
): Generator<Allocation, void> {
  // Validated here rather than inside the generator so bad input fails at the call, not at first use.
  assertValidParams(params);
  assertValidStratum(stratum);
  assertIndex(fromIndex);
  return walk(params, stratum, fromIndex);
}

function* walk(params: AllocationParams, stratum: string, fromIndex: number): Generator<Allocation, void> {
  const nextBlock = blockGeneratorFor(params.algorithmVersion)(params, stratum);
  let index = 0;
  for (let blockNumber = 1; index <= MAX_SEQUENCE_INDEX; blockNumber++) {
    const arms = nextBlock();
    if (index + arms.length <= fromIndex) {
      index += arms.length;
      continue;
    }
    for (let p = 0; p < arms.length && index <= MAX_SEQUENCE_INDEX; p++, index++) {
      if (index < fromIndex) continue;
      yield {
        algorithmVersion: params.algorithmVersion,
        stratum,
        index,
        arm: arms[p] as Allocation["arm"],
        blockNumber,
        positionInBlock: p + 1,
        blockSize: arms.length,
      };
    }
  }
}

export function allocationRange(
  params: AllocationParams,
  stratum: string,
  fromIndex: number,
  count: number,
): Allocation[] {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`Invalid allocation count ${count}`);
  assertIndex(fromIndex + Math.max(count - 1, 0));
  const out: Allocation[] = [];
  if (count === 0) return out;
  for (const allocation of allocationSequence(params, stratum, fromIndex)) {
    out.push(allocation);
    if (out.length === count) break;
  }
  return out;
}

export function allocationAt(params: AllocationParams, stratum: string, index: number): Allocation {
  return allocationRange(params, stratum, index, 1)[0] as Allocation;
}

function assertIndex(index: number): void {
  if (!Number.isSafeInteger(index) || index < 0 || index > MAX_SEQUENCE_INDEX) {
    throw new RangeError(`Allocation index ${index} is outside 0..${MAX_SEQUENCE_INDEX}`);
  }
}
