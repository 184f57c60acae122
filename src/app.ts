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
import { createWorkingCalendar, formatLondon, parseLondonDateTime } from "./domain/workingTime/index.js";
import { DateTime } from "luxon";
import type { Logger } from "./log.js";
import { createAdapter, type BotAuthOverrides } from "./teams/adapter.js";
import { createApplication } from "./teams/application.js";
import type { BotDeps } from "./teams/deps.js";
import { createOutboundGateway, type OutboundGatewayOptions } from "./outbound/index.js";
import { OutboxSignal } from "./teams/outbox/signal.js";
import { DigestCards } from "./teams/digests.js";
import { ReminderService } from "./domain/compliance/reminders.js";
import { OutcomeService } from "./domain/outcomes/outcomeService.js";
import { TeamsSender } from "./teams/outbox/teamsSender.js";
import { graphAuthorization } from "./teams/outbox/graphAuthorization.js";
import { ChannelMessages } from "./outbound/channelMessages.js";
import { DEFAULT_OUTBOX_OPTIONS, OutboxWorker, type OutboxWorkerOptions } from "./teams/outbox/outboxWorker.js";

/** The composition root: every service built once, from configuration, a store and a clock. */
export function createServices(config: Config, store: Store, logger: Logger, clock: Clock = systemClock): BotDeps {
  const calendar = createWorkingCalendar({ zone: config.timeZone, ...config.workingHours });
  const serviceLevels = new ServiceLevels(calendar, config.serviceLevels);
  const localDay = (at: Date) => DateTime.fromJSDate(at, { zone: config.timeZone }).toISODate() ?? "";
  const parseLocal = (date: string, time: string) => {
    try {
      return parseLondonDateTime(`${date}T${time}`, config.timeZone);
    } catch {
      return undefined;
    }
  };
  const deps: BotDeps = {
    config,
    store,
    clock,
    logger,
    roles: new RoleService(store, clock, config.bootstrapAdmins),
    wards: new WardService(store, clock),
    installations: new InstallationService(store, clock),
    intake: new CaseIntakeService(store, clock, config.intake),
    allocation: new AllocationService(store, clock, config.trial, serviceLevels),
    referrals: new ReferralService(store, clock, { unableToContact: config.unableToContact, localDay, parseLocal }),
    serviceLevels,
    format: (at: Date) => formatLondon(at, config.timeZone),
    guidance: loadGuidance(config.guidanceFile),
    outboxSignal: new OutboxSignal(),
    digests: new DigestCards(() => deps),
    outcomes: new OutcomeService(store, clock, { crimeRefPattern: config.intake.crimeRefPattern, localCodes: config.outcomes.localCodes }),
    reminders: new ReminderService(store, clock, calendar, { dueSoonWorkingHours: 4, ...config.reminders }, logger),
  };
  return deps;
}

export interface BotOptions {
  /** Tests only (see BotAuthOverrides); production passes nothing. */
  authOverrides?: BotAuthOverrides;
  gateway?: OutboundGatewayOptions;
  /** Defaults to DEFAULT_OUTBOX_OPTIONS with the configured lease. */
  outbox?: Partial<OutboxWorkerOptions>;
}

/** The Teams side: adapter, Application, and the outbox worker that sends through the one gateway. */
export function createBot(deps: BotDeps, options: BotOptions = {}) {
  const adapter = createAdapter(deps.config, deps.logger, options.authOverrides);
  const app = createApplication(adapter, deps);
  const gateway = createOutboundGateway(options.gateway);
  const graphBaseUrl = deps.config.outbox.graphBaseUrl;
  const channelMessages = graphBaseUrl ? new ChannelMessages({ baseUrl: graphBaseUrl, authorization: graphAuthorization(adapter, deps.config) }) : undefined;
  const worker = new OutboxWorker(deps, new TeamsSender(adapter, deps.config.bot.appId, gateway, channelMessages), { ...DEFAULT_OUTBOX_OPTIONS, leaseMs: deps.config.outbox.leaseMs, ...options.outbox });
  deps.outboxSignal.onNudge(() => worker.nudge());
  return { adapter, app, gateway, worker };
}
