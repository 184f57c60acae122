import type { Config } from "./config/env.js";
import { systemClock, type Clock } from "./domain/clock.js";
import type { Store } from "./domain/ports.js";
import { RoleService } from "./domain/people/roleService.js";
import { WardService } from "./domain/wards/wardService.js";
import { InstallationService } from "./domain/teams/installationService.js";
import { CaseIntakeService } from "./domain/cases/caseIntake.js";
import { AllocationService } from "./domain/allocation/allocationService.js";
import { ServiceLevels } from "./domain/referrals/serviceLevels.js";
import { ReferralService } from "./domain/referrals/referralService.js";
import { loadGuidance } from "./domain/referrals/guidance.js";
import { createWorkingCalendar, formatLondon } from "./domain/workingTime/index.js";
import { DateTime } from "luxon";
import type { Logger } from "./log.js";
import type { BotDeps } from "./teams/deps.js";
import { OutboxSignal } from "./teams/outbox/signal.js";
import { DigestCards } from "./teams/digests.js";
import { ReminderService } from "./domain/compliance/reminders.js";
import { OutcomeService } from "./domain/outcomes/outcomeService.js";
import { ReportService } from "./domain/reports/reportService.js";
import { reportSettings } from "./domain/trialStats/loadReport.js";
import { millisIntoDay, parseClockTime } from "./domain/workingTime/clockTime.js";
import { Metrics } from "./metrics/metrics.js";
import { watchStore } from "./metrics/scrapeSources.js";

/**
 * The services with the store they were built on: for the composition roots and the parts that own storage work (the
 * server's readiness, the jobs, the outbox runner, the command line, scripts). src/teams gets only BotDeps.
 */
export type AppContext = BotDeps & { store: Store };

/**
 * The composition root: every service built once, from configuration, a store and a clock. Kept apart from the Teams
 * side (app.ts) so the command line does not load the Bot Framework and teams-ai it never uses.
 */
export function createServices(config: Config, store: Store, logger: Logger, clock: Clock = systemClock): AppContext {
  const calendar = createWorkingCalendar({ zone: config.timeZone, ...config.workingHours });
  const serviceLevels = new ServiceLevels(calendar, config.serviceLevels);
  const localDay = (at: Date) => DateTime.fromJSDate(at, { zone: config.timeZone }).toISODate() ?? "";
  const { dayStart, dayEnd } = config.workingHours;
  const working = {
    millisBetween: (a: Date, b: Date) => calendar.workingMillisBetween(a, b),
    // Opening to closing on a working day: the unit of "working days".
    dayMillis: millisIntoDay(parseClockTime(dayEnd, "dayEnd")) - millisIntoDay(parseClockTime(dayStart, "dayStart")),
  };
  // One registry per built bot: tests build several in one process.
  const metrics = new Metrics(logger);
  watchStore(metrics, store, clock);
  const deps: AppContext = {
    store,
    config,
    clock,
    logger,
    roles: new RoleService(store, clock, config.bootstrapAdmins),
    wards: new WardService(store, clock),
    installations: new InstallationService(store, clock),
    intake: new CaseIntakeService(store, clock, config.intake),
    allocation: new AllocationService(store, clock, config.trial, serviceLevels),
    referrals: new ReferralService(store, clock, { unableToContact: config.unableToContact, localDay }),
    serviceLevels,
    reports: new ReportService(store, clock, { trial: reportSettings(config), timeZone: config.timeZone, working }),
    format: (at: Date) => formatLondon(at, config.timeZone),
    guidance: loadGuidance(config.guidanceFile),
    outboxSignal: new OutboxSignal(),
    digests: new DigestCards(() => deps),
    outcomes: new OutcomeService(store, clock, { crimeRefPattern: config.intake.crimeRefPattern, localCodes: config.outcomes.localCodes }),
    reminders: new ReminderService(store, clock, calendar, { dueSoonWorkingHours: 4, ...config.reminders }, logger),
    metrics,
  };
  return deps;
}
