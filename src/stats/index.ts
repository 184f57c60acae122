export { StatsInputError } from "./errors.js";
export {
  validateTwoByTwoInput,
  validateProbability,
  type TwoByTwoInput,
} from "./validation.js";
export { normalCdf, normalQuantile, Z_975 } from "./normalDistribution.js";
export { chiSquare1Sf, chiSquareSf } from "./chiSquare.js";
export { logGamma, logFactorial } from "./logGamma.js";
export { fisherExact2x2 } from "./fisherExact.js";
export { pearsonChiSquare2x2, type PearsonChiSquareResult } from "./pearsonChiSquare.js";
export { wilsonInterval, type Interval } from "./wilsonInterval.js";
export { katzRelativeRisk, type RelativeRiskResult } from "./relativeRisk.js";
export { newcombeRiskDifference, type RiskDifferenceResult } from "./newcombeRiskDifference.js";
export { analyse2x2, type TwoByTwoResult } from "./twoByTwo.js";
export {
  complierAverageCausalEffect,
  type ComplierEffectInput,
  type ComplierEffectResult,
} from "./complierAverageCausalEffect.js";
export { perProtocol, PER_PROTOCOL_CAVEAT, type PerProtocolInput, type PerProtocolResult } from "./perProtocol.js";
export {
  powerTwoProportions,
  sampleSizeTwoProportions,
  type PowerInput,
  type SampleSizeInput,
  type SampleSizeResult,
} from "./powerTwoProportions.js";
export {
  projectForceScale,
  relativeReductionFromRiskRatio,
  type ForceScaleInput,
  type ForceScaleFigure,
  type ForceScaleProjection,
} from "./forceScaleProjection.js";
export {
  cochranMantelHaenszel,
  mantelHaenszelOddsRatio,
  mantelHaenszelRiskRatio,
  type CochranMantelHaenszelResult,
  type PooledRatio,
  type TrialCounts,
} from "./mantelHaenszel.js";
export { breslowDay, type BreslowDayResult } from "./breslowDay.js";
export {
  analysePooledTrials,
  homogeneityReading,
  HOMOGENEITY_ALPHA,
  type HomogeneityReading,
  type LabelledTrial,
  type PooledTrialsResult,
  type TrialSummary,
} from "./pooledTrials.js";
export * from "./groupSequential/index.js";
