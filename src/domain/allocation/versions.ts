import { pbrV1Blocks } from "./pbrV1.js";
import type { AllocationParams, Arm } from "./types.js";
import type { AlgorithmVersion } from "./algorithmVersions.js";

/** Starts a stratum's stream; each call of the returned function gives the next block's arms in order. */
export type BlockGenerator = (params: AllocationParams, stratum: string) => () => readonly Arm[];

export function blockGeneratorFor(version: AlgorithmVersion): BlockGenerator {
  switch (version) {
    case "pbr-v1":
      return pbrV1Blocks;
    default:
      throw new Error(`Unsupported allocation algorithm version: ${String(version satisfies never)}`);
  }
}
