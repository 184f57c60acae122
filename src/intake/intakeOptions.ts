/** Options shared by every intake (cases and outcomes, CSV and JSON). */
export interface CommonIntakeOptions {
  /** Format of a crime reference. Default CRIS-style: 7 digits, "/", 2-digit year (`^\d{7}/\d{2}$`). */
  crimeRefPattern?: RegExp;
  /** How the format is described to the uploader; defaults to the pattern's source. */
  crimeRefDescription?: string;
  /** Extra columns the CMS export may carry; their values are ignored. Personal-data columns are refused regardless. */
  allowedExtraColumns?: readonly string[];
  /** When given, dates after it are rejected. */
  now?: Date;
  /** Data rows read from one file before the rest is refused. Default 100,000. */
  maxRows?: number;
  /** Longest acceptable line, in characters. Default 4,000. */
  maxLineLength?: number;
}

export const DEFAULT_MAX_ROWS = 100_000;
export const DEFAULT_MAX_LINE_LENGTH = 4_000;

export const DEFAULT_CRIME_REF_PATTERN = /^\d{7}\/\d{2}$/;
export const DEFAULT_CRIME_REF_DESCRIPTION = "7 digits, a slash and a 2-digit year, e.g. 1234567/24";

export interface CsvLimits {
  maxRows: number;
  maxLineLength: number;
}

export function csvLimits(options: CommonIntakeOptions): CsvLimits {
  return {
    maxRows: options.maxRows ?? DEFAULT_MAX_ROWS,
    maxLineLength: options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH,
  };
}
