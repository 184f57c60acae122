import { DateTime } from "luxon";
import { DEMO_CASES_HEADER, demoCaseLines } from "../intake/demoData.js";
import type { DemoWard } from "../intake/demoWards.js";
import { LONDON } from "../domain/workingTime/index.js";

/** The pilot ran about four months. */
export const PILOT_DAYS = 120;

export interface SyntheticCase {
  crimeRef: string;
  reportedAt: Date;
  wardCode: string;
  eligible: boolean;
  offence: string;
  strands: string[];
  /** The CMS export line, as the intake reads it. */
  line: string;
}

/**
 * `count` demo cases (the generator behind `reassure demo-data`) spread over the pilot's four months from `start`:
 * crimes and a few non-crime incidents, with offence and strands, in the order they were reported.
 */
export function syntheticCases(seed: string, wards: readonly DemoWard[], count: number, start: Date): SyntheticCase[] {
  const lines = [...demoCaseLines({ seed, rows: count, wards, start, casesPerDay: count / PILOT_DAYS })];
  if (lines[0] !== DEMO_CASES_HEADER) throw new Error("demo cases changed their header");
  return lines.slice(1).map((line) => {
    const [crimeRef = "", reported = "", wardCode = "", recordType = "", offence = "", strands = ""] = line.split(",");
    return {
      crimeRef,
      reportedAt: DateTime.fromFormat(reported, "dd/MM/yyyy HH:mm", { zone: LONDON }).toJSDate(),
      wardCode,
      eligible: recordType === "crime",
      offence,
      strands: strands.split(";").filter(Boolean),
      line,
    };
  });
}

export function casesCsv(cases: readonly SyntheticCase[]): string {
  return [DEMO_CASES_HEADER, ...cases.map((c) => c.line)].join("\n") + "\n";
}
