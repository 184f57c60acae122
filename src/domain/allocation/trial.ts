import type { AllocationParams, AllocationRatio } from "./types.js";
import { allocationParams } from "./params.js";

export type StratifyBy = "borough" | "ward" | "none";

/** The trial's fixed settings, stored at its start. The seed is secret: never shown in chat, logs or exports. */
export interface TrialRecord {
  id: number;
  algorithmVersion: string;
  seed: string;
  ratio: AllocationRatio;
  blockSizes: number[];
  stratifyBy: StratifyBy;
  listHash: string;
  allocatedCount: number;
  startedAt: Date;
  startedBy: string;
}

/** Reassure runs one trial per database. */
export const TRIAL_ID = 1;

export function trialParams(trial: TrialRecord): AllocationParams {
  return allocationParams({ seed: trial.seed, ratio: trial.ratio, blockSizes: trial.blockSizes, algorithmVersion: trial.algorithmVersion as never });
}

export function stratumOf(stratifyBy: StratifyBy, ward: { code: string; borough: string }): string {
  if (stratifyBy === "borough") return `borough:${ward.borough}`;
  if (stratifyBy === "ward") return `ward:${ward.code}`;
  return "all";
}
