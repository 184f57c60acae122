import type { Repositories } from "../ports.js";
import { statusReportFromCounts, type StatusReport, type StatusReportOptions } from "./statusReport.js";

/**
 * Counts the referrals of the period in the scope's wards in the store and builds /status from the counts: officers
 * over the wards whose officers the reader may see.
 */
export async function loadStatusReport(repos: Pick<Repositories, "reporting">, options: StatusReportOptions): Promise<StatusReport> {
  const wardCodes = options.scope.wards.map((w) => w.code);
  const counts = await repos.reporting.statusCounts({
    from: options.period.from,
    to: options.period.to,
    wardCodes,
    officerWardCodes: wardCodes.filter((code) => options.scope.officerWards.has(code)),
    now: options.now,
  });
  return statusReportFromCounts(counts, options);
}
