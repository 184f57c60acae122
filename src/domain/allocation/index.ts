export type { Allocation, AllocationParams, AllocationRatio, Arm, RecordedAllocation } from "./types.js";
export {
  ALGORITHM_VERSION,
  ALGORITHM_VERSIONS,
  isAlgorithmVersion,
  type AlgorithmVersion,
} from "./algorithmVersions.js";
export {
  allocationParams,
  assertValidParams,
  AllocationParamsError,
  DEFAULT_RATIO,
  defaultBlockSizes,
  MAX_SEQUENCE_INDEX,
  type AllocationParamsInput,
} from "./params.js";
export { generateTrialSeed } from "./seed.js";
export { allocationAt, allocationRange, allocationSequence } from "./sequence.js";
export { canonicalAllocationList, hashAllocationList, type HashableAllocation } from "./listHash.js";
export {
  verifyAllocations,
  type AllocationMismatch,
  type MismatchField,
  type VerificationResult,
} from "./verify.js";
