import type { CommonIntakeOptions } from "./intakeOptions.js";

export type RecordType = "crime" | "incident";

export interface CaseRecord {
  crimeRef: string;
  reportedAt: Date;
  wardCode: string;
  recordType: RecordType;
  /** Only recorded hate crimes enter allocation; non-crime hate incidents are kept but not eligible. */
  eligible: boolean;
  ineligibleReason?: string;
  offence?: string;
  /** Present only when the intake is configured to store strands (sensitive data). */
  strands?: string[];
}

export const NON_CRIME_HATE_INCIDENT = "non-crime hate incident";

export const CASE_COLUMNS = ["crime_ref", "reported_at", "ward_code", "record_type", "offence", "strands"] as const;
export const REQUIRED_CASE_COLUMNS = ["crime_ref", "reported_at", "ward_code"] as const;

export const DEFAULT_OFFENCES: readonly string[] = [
  "public order",
  "violence without injury",
  "violence with injury",
  "criminal damage",
  "harassment",
  "stalking",
  "malicious communications",
  "theft",
  "robbery",
  "sexual offence",
  "arson",
  "other",
];

export const DEFAULT_STRANDS: readonly string[] = [
  "race",
  "religion",
  "sexual orientation",
  "disability",
  "transgender identity",
  "alternative subculture",
];

export interface CaseIntakeOptions extends CommonIntakeOptions {
  /** Ward codes Reassure knows; a case for any other ward is refused with the nearest codes suggested. */
  knownWardCodes: Iterable<string>;
  /** Keep hate strands on the record. Off by default: strand is special-category data. */
  storeStrands?: boolean;
  offences?: readonly string[];
  strands?: readonly string[];
}
