import type { Config } from "../config/env.js";
import type { Clock } from "../domain/clock.js";
import type { RoleService } from "../domain/people/roleService.js";
import type { WardService } from "../domain/wards/wardService.js";
import type { InstallationService } from "../domain/teams/installationService.js";
import type { Logger } from "../log.js";
import type { OutboxSignal } from "./outbox/signal.js";
import type { DigestCards } from "./digests.js";
import type { ReminderService } from "../domain/compliance/reminders.js";
import type { OutcomeService } from "../domain/outcomes/outcomeService.js";
import type { CaseIntakeService } from "../domain/cases/caseIntake.js";
import type { AllocationService } from "../domain/allocation/allocationService.js";
import type { ReferralService } from "../domain/referrals/referralService.js";
import type { ServiceLevels } from "../domain/referrals/serviceLevels.js";
import type { ReportService } from "../domain/reports/reportService.js";
import type { Metrics } from "../metrics/metrics.js";

/**
 * The services: everything a command, card action or event handler may use, built once by createServices
 * (src/services.ts). No store: the Teams layer reaches data only through these.
 */
export interface BotDeps {
  config: Config;
  clock: Clock;
  logger: Logger;
  roles: RoleService;
  wards: WardService;
  installations: InstallationService;
  intake: CaseIntakeService;
  allocation: AllocationService;
  referrals: ReferralService;
  serviceLevels: ServiceLevels;
  reports: ReportService;
  /** How a time is shown to users: "Tue 2 Apr 2024, 14:30" in the configured zone. */
  format: (at: Date) => string;
  /** The officers' briefing (GUIDANCE_FILE or the built-in text), as paragraphs. */
  guidance: readonly string[];
  outboxSignal: OutboxSignal;
  digests: DigestCards;
  reminders: ReminderService;
  outcomes: OutcomeService;
  /** Latency and delivery counters for GET /metrics; label values from fixed sets only. */
  metrics: Metrics;
}
