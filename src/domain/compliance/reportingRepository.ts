import type { TrialCountQuery, TrialCounts } from "../trialStats/counts.js";
import type { AssessedFact, FactFilter, ReferralFact, TrialFact } from "./facts.js";
import type { StatusCountQuery, StatusCounts } from "./statusCounts.js";

/** Facts of individual cases serve small sets (a day's digest, reminders, the simulation); /stats and /status read counts. */
export interface ReportingRepository {
  referralFacts(filter: FactFilter): Promise<ReferralFact[]>;
  /** What /status shows, counted in the database. */
  statusCounts(query: StatusCountQuery): Promise<StatusCounts>;
  /** The cells of the trial report, counted in the database. */
  trialCounts(query: TrialCountQuery): Promise<TrialCounts>;
  trialFacts(filter: { allocatedFrom?: Date; allocatedTo?: Date; wardCodes?: readonly string[] }): Promise<TrialFact[]>;
  assessedFacts(filter: { reportedFrom?: Date; reportedTo?: Date; importedFrom?: Date; importedTo?: Date; wardCodes?: readonly string[] }): Promise<AssessedFact[]>;
}
