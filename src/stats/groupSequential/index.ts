export {
  SPENDING_FUNCTIONS,
  GAMMA_RANGE,
  isSpendingFunction,
  needsGamma,
  validateSpending,
  cumulativeAlphaSpent,
  type SpendingFunction,
  type SpendingChoice,
} from "./spending.js";
export { designBoundaries, validateDesignInput, MAX_LOOKS, type DesignInput, type LookBoundary, type SequentialDesign } from "./design.js";
export {
  observedDifference,
  lookResult,
  monitorTrial,
  stageWiseAdjustedP,
  type ArmCounts,
  type ObservedDifference,
  type LookResult,
  type MonitoringInput,
  type MonitoringResult,
} from "./monitoring.js";
