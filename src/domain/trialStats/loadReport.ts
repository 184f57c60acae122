import type { StatusFilter } from "../compliance/period.js";
import type { Repositories } from "../ports.js";
import { selectArea } from "./area.js";
import type { StatsPeriod } from "./period.js";
import { localDayStartMinutes } from "../workingTime/zoneOffsets.js";
import { normaliseOutcomeCode } from "./followUp.js";
import { trialReportFromCounts } from "./report.js";
import type { OutcomeSets, TrialReport, TrialReportOptions } from "./types.js";

/** The configured parts of the report: outcome code sets, the follow-up window, the zone of its weeks, the force's year. */
export interface TrialReportSettings {
  outcomes: OutcomeSets;
  followUpDays: number;
  timeZone: string;
  force: TrialReportOptions["force"];
}

export type LoadedReport = { ok: true; report: TrialReport } | { ok: false; message: string };

/**
 * Counts the cases of a period and area in the store and builds the report: the one path behind /stats and
 * `reassure stats`, so the chat and the command line always show the same numbers. Assessment is by the date Reassure
 * received a case (when the HCOP could first review it), allocation by the date it was allocated.
 */
export async function loadTrialReport(
  repos: Pick<Repositories, "reporting" | "wards">,
  settings: TrialReportSettings,
  request: { period: StatsPeriod; filter: StatusFilter },
  now: Date,
): Promise<LoadedReport> {
  const wards = await repos.wards.list();
  const area = selectArea(request.filter, wards);
  if (!area.ok) return area;
  const { from, to, label } = request.period;
  const counts = await repos.reporting.trialCounts({
    allocatedFrom: from,
    allocatedTo: to,
    importedFrom: from,
    importedTo: to,
    wardCodes: area.wardCodes,
    followUpDays: settings.followUpDays,
    now,
    attritionCodes: settings.outcomes.attrition.map(normaliseOutcomeCode),
    dayStartMinutes: localDayStartMinutes(settings.timeZone),
  });
  const report = trialReportFromCounts(counts, {
    ...settings,
    now,
    scope: { period: label, from, to, area: area.label },
    unitOf: new Map(wards.map((w) => [w.code, w.bcu])),
  });
  return { ok: true, report };
}

export function reportSettings(config: { outcomes: { attritionCodes: readonly string[]; chargeCodes: readonly string[]; positiveCodes: readonly string[]; followUpDays: number }; timeZone: string; force: TrialReportOptions["force"] }): TrialReportSettings {
  return {
    outcomes: { attrition: config.outcomes.attritionCodes, charge: config.outcomes.chargeCodes, positive: config.outcomes.positiveCodes },
    followUpDays: config.outcomes.followUpDays,
    timeZone: config.timeZone,
    force: config.force,
  };
}
