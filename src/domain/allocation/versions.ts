import { pbrV1Blocks } from "./pbrV1.js";
import type { AllocationParams, Arm } from "./types.js";

export const ALGORITHM_VERSIONS = ["pbr-v1"] as const;
export type AlgorithmVersion = (typeof ALGORITHM_VERSIONS)[number];

/** The version new trials use. Older versions stay in the switch below so recorded trials still verify. */
export const ALGORITHM_VERSION = "pbr-v1" satisfies AlgorithmVersion;

/** Starts a stratum's stream; each call of the returned function gives the next block's arms in order. */
export type BlockGenerator = (params: AllocationParams, stratum: string) => () => readonly Arm[];

export function isAlgorithmVersion(value: string): value is AlgorithmVersion {
  return (ALGORITHM_VERSIONS as readonly string[]).includes(value);
}

export function blockGeneratorFor(version: AlgorithmVersion): BlockGenerator {
  switch (version) {
    case "pbr-v1":
      return pbrV1Blocks;
    default:
      throw new Error(`Unsupported allocation algorithm version: ${String(version satisfies never)}`);
  }
}
