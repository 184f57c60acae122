import type { AlgorithmVersion } from "./algorithmVersions.js";

export type Arm = "SRC" | "BAU";

/** Cases sent to SRC for every `bau` cases kept in BAU: `{ src: 2, bau: 1 }` is 2:1. */
export interface AllocationRatio {
  readonly src: number;
  readonly bau: number;
}

export function ratioTotal(ratio: AllocationRatio): number {
  return ratio.src + ratio.bau;
}

/**
 * Everything a stratum's sequence depends on (besides the stratum name). The seed and the block
 * sizes are secrets while the trial runs: whoever knows them can predict the next allocation.
 */
export interface AllocationParams {
  readonly algorithmVersion: AlgorithmVersion;
  readonly seed: string;
  readonly ratio: AllocationRatio;
  readonly blockSizes: readonly number[];
}

export interface Allocation {
  readonly algorithmVersion: AlgorithmVersion;
  readonly stratum: string;
  /** 0-based position in the stratum's sequence. */
  readonly index: number;
  readonly arm: Arm;
  /** 1-based block number within the stratum. */
  readonly blockNumber: number;
  /** 1-based position within the block. */
  readonly positionInBlock: number;
  /** Must never be shown to anyone who recruits or assesses cases: it would reveal block ends. */
  readonly blockSize: number;
}

/**
 * An allocation as read back from storage: text fields are plain strings because a tampered or
 * corrupted record can hold anything, and the verifier has to report it rather than trust the type.
 */
export interface RecordedAllocation {
  readonly algorithmVersion: string;
  readonly stratum: string;
  readonly index: number;
  readonly arm: string;
  readonly blockNumber: number;
  readonly positionInBlock: number;
  readonly blockSize: number;
}
