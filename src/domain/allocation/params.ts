import { ratioTotal, type AllocationParams, type AllocationRatio } from "./types.js";
import { ALGORITHM_VERSION, isAlgorithmVersion, type AlgorithmVersion } from "./algorithmVersions.js";

export const DEFAULT_RATIO: AllocationRatio = Object.freeze({ src: 1, bau: 1 });

/** A stratum longer than this is a data error, and the bound keeps verification of corrupt indices finite. */
export const MAX_SEQUENCE_INDEX = 1_000_000;

export class AllocationParamsError extends Error {
  override readonly name = "AllocationParamsError";
}

/** Two and three whole repeats of the ratio: 4 and 6 for 1:1, 6 and 9 for 2:1. */
export function defaultBlockSizes(ratio: AllocationRatio = DEFAULT_RATIO): readonly number[] {
  const total = ratioTotal(ratio);
  return [2 * total, 3 * total];
}

export interface AllocationParamsInput {
  readonly seed: string;
  readonly ratio?: AllocationRatio;
  readonly blockSizes?: readonly number[];
  readonly algorithmVersion?: AlgorithmVersion;
}

/** Fills defaults and validates; the result is frozen so a running trial cannot change it by accident. */
export function allocationParams(input: AllocationParamsInput): AllocationParams {
  const ratio = input.ratio ?? DEFAULT_RATIO;
  const params: AllocationParams = {
    algorithmVersion: input.algorithmVersion ?? ALGORITHM_VERSION,
    seed: input.seed,
    ratio: Object.freeze({ src: ratio.src, bau: ratio.bau }),
    blockSizes: Object.freeze([...(input.blockSizes ?? defaultBlockSizes(ratio))]),
  };
  assertValidParams(params);
  return Object.freeze(params);
}

export function assertValidParams(params: AllocationParams): void {
  if (!isAlgorithmVersion(params.algorithmVersion)) {
    throw new AllocationParamsError(`Unknown algorithm version "${String(params.algorithmVersion)}"`);
  }
  if (typeof params.seed !== "string" || params.seed.length === 0) {
    throw new AllocationParamsError("The trial seed must be a non-empty string");
  }
  const { src, bau } = params.ratio;
  if (!isPositiveInteger(src) || !isPositiveInteger(bau)) {
    throw new AllocationParamsError(`Ratio parts must be positive integers, got ${src}:${bau}`);
  }
  if (params.blockSizes.length === 0) {
    throw new AllocationParamsError("At least one block size is required");
  }
  if (new Set(params.blockSizes).size !== params.blockSizes.length) {
    // A repeated size would silently weight the choice between sizes.
    throw new AllocationParamsError(`Block sizes must be distinct, got ${params.blockSizes.join(", ")}`);
  }
  const total = ratioTotal(params.ratio);
  for (const size of params.blockSizes) {
    if (!isPositiveInteger(size) || size % total !== 0) {
      throw new AllocationParamsError(
        `Block size ${size} is not a positive multiple of ${total} (ratio ${src}:${bau})`,
      );
    }
  }
}

export function assertValidStratum(stratum: string): void {
  if (typeof stratum !== "string" || stratum.length === 0) {
    throw new AllocationParamsError("The stratum must be a non-empty string");
  }
}

function isPositiveInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}
