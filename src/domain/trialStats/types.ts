import type {
  ComplierEffectResult,
  ForceScaleFigure,
  ForceScaleProjection,
  PerProtocolResult,
  TwoByTwoResult,
} from "../../stats/index.js";
import type { PooledTrialsResult } from "../../stats/pooledTrials.js";

export type OutcomeKey = "attrition" | "charge" | "positive";
export const OUTCOME_KEYS: readonly OutcomeKey[] = ["attrition", "charge", "positive"];
export const OUTCOME_LABELS: Record<OutcomeKey, string> = { attrition: "Victim attrition", charge: "Charge", positive: "Positive outcome" };

/** Home Office outcome codes that make each measure, from configuration (forces use local variants such as 1A). */
export type OutcomeSets = Record<OutcomeKey, readonly string[]>;

export interface TrialReportOptions {
  outcomes: OutcomeSets;
  /** An outcome counts only if dated within this many days (× 24 h) of randomisation; otherwise the case is open. */
  followUpDays: number;
  now: Date;
  /** For ISO weeks in the weekly trend. */
  timeZone: string;
  force: { annualHateCrimes: number; annualWithdrawals: number };
  /** What the figures cover, echoed in the report for its reader, e.g. "2023-W02" and "ward E05013805". */
  scope: { period: string; from: Date | undefined; to: Date | undefined; area: string };
  /** Each ward's BCU: given, a report over several BCUs pools attrition across them (acrossUnits.ts). */
  unitOf?: ReadonlyMap<string, string>;
}

export interface CountByReason {
  reason: string;
  count: number;
}

/** Follow-up of one arm's cases: every case is in exactly one of outcomeKnown, inFollowUp, censored. */
export interface ArmFlow {
  allocated: number;
  /** Excluded after randomisation: they stay in the intention-to-treat denominator. */
  excludedAfterRandomisation: number;
  outcomeKnown: number;
  /** No outcome yet and the follow-up window has not closed. */
  inFollowUp: number;
  /** No outcome within the follow-up window (none recorded, or one dated after it). */
  censored: number;
  /** Cases in the outcome denominators: those with an outcome known within the window. */
  analysed: number;
}

/** Why an SRC case was not delivered; each case counts once, in the first reason that applies in this order. */
export interface NotDelivered {
  total: number;
  excluded: number;
  unableToContact: number;
  /** Claimed, contact not yet made. */
  stillOpen: number;
  /** Waiting for an officer: never claimed, or released. */
  unclaimed: number;
  /** Closed without contact when its time ran out. */
  expired: number;
}

export interface TrialFlow {
  /** Cases received in the period (assessed for eligibility). */
  assessed: number;
  ineligible: { total: number; reasons: CountByReason[] };
  /** Eligible but not allocated (yet): a ward off or disabled, or /allocate not run. */
  notAllocated: number;
  /** Referred without randomisation in rollout wards: outside the trial analysis. */
  rollout: { allocated: number; delivered: number };
  randomised: number;
  src: ArmFlow & { delivered: number; notDelivered: NotDelivered };
  bau: ArmFlow;
}

export interface Rate {
  count: number;
  of: number;
  /** null when `of` is 0. */
  rate: number | null;
}

export interface OutcomeAnalysis {
  key: OutcomeKey;
  label: string;
  codes: readonly string[];
  src: { events: number; n: number };
  bau: { events: number; n: number };
  /** Intention to treat; null when an arm has no analysed case. */
  result: TwoByTwoResult | null;
  /** Plain English: the risks, the effect and whether it could be chance. */
  reading: string;
}

export interface ComplierSummary {
  /** SRC-arm analysed cases that received SRC (delivered). */
  receivedSrc: number;
  /** BAU-arm analysed cases that received SRC anyway. */
  receivedBau: number;
  result: ComplierEffectResult;
  reading: string;
}

export interface PowerSummary {
  /** Attrition without SRC assumed for the calculation. */
  controlRisk: number;
  controlRiskSource: "observed" | "pilot";
  /** The pilot's effect: 22% lower attrition. */
  relativeReduction: number;
  treatmentRisk: number;
  /** The smaller arm's analysed cases. */
  nPerArm: number;
  /** null when an arm has no analysed case. */
  power: number | null;
  /** Cases per arm for 80% power against the same effect. */
  nPerArmFor80: number;
  reading: string;
}

export interface ProjectionSummary {
  annualHateCrimes: number;
  annualWithdrawals: number;
  /** From the intention-to-treat relative risk and its interval. */
  intentionToTreat: ForceScaleProjection;
  /** From the complier average causal effect: if every case received SRC. null without it. */
  fullDelivery: ForceScaleFigure | null;
  reading: string;
}

export interface WeekTrend {
  /** ISO week, e.g. "2023-W02". */
  week: string;
  /** Monday 00:00 local time. */
  start: Date;
  randomisedSrc: number;
  randomisedBau: number;
  delivered: number;
  attritionSrc: { events: number; n: number };
  attritionBau: { events: number; n: number };
}

/** A count shown in a breakdown: "<5" when below 5; "[c]" when hidden so that a single small count cannot be worked out. */
export type Cell = number | "<5" | "[c]";

export interface BreakdownRow {
  key: string;
  randomisedSrc: Cell;
  delivered: Cell;
  randomisedBau: Cell;
  analysedSrc: Cell;
  attritionSrc: Cell;
  analysedBau: Cell;
  attritionBau: Cell;
}

/** Attrition across BCUs: each BCU's randomised cases a stratum, pooled by Mantel-Haenszel (acrossUnits.ts). */
export interface AcrossUnits {
  /** One row per BCU, small cells suppressed as in every breakdown. */
  rows: BreakdownRow[];
  result: PooledTrialsResult;
  /** The pooled risk ratio and whether the BCUs agree, in words an inspector can quote. */
  reading: string;
}

export interface TrialReport {
  generatedAt: Date;
  scope: TrialReportOptions["scope"];
  followUpDays: number;
  flow: TrialFlow;
  /** Randomised SRC cases delivered. */
  delivery: Rate;
  outcomes: Record<OutcomeKey, OutcomeAnalysis>;
  /** Attrition: the effect of actually receiving SRC. */
  complier: ComplierSummary | null;
  /** Attrition, delivered SRC v BAU: biased, shown only with its caveat. */
  perProtocol: PerProtocolResult | null;
  power: PowerSummary;
  projection: ProjectionSummary | null;
  /** One sentence on attrition an inspector can quote, honest about chance and power. */
  headline: string;
  trend: WeekTrend[];
  byWard: BreakdownRow[];
  /** Attrition pooled across the BCUs of the area, stratified by BCU; null within one BCU. */
  acrossUnits: AcrossUnits | null;
  /** Only when strands are stored; never to be posted in a channel. */
  byStrand: BreakdownRow[] | null;
}
