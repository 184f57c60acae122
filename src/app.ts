import type { Config } from "./config/env.js";
import { systemClock, type Clock } from "./domain/clock.js";
import type { Store } from "./domain/ports.js";
import { RoleService } from "./domain/people/roleService.js";
import { WardService } from "./domain/wards/wardService.js";
import { InstallationService } from "./domain/teams/installationService.js";
import { CaseIntakeService } from "./domain/cases/caseIntake.js";
import { AllocationService } from "./domain/allocation/allocationService.js";
import type { Logger } from "./log.js";
import { createAdapter } from "./teams/adapter.js";
import { createApplication } from "./teams/application.js";
import type { BotDeps } from "./teams/deps.js";

/** The composition root: every service built once, from configuration, a store and a clock. */
export function createServices(config: Config, store: Store, logger: Logger, clock: Clock = systemClock): BotDeps {
  return {
    config,
    store,
    clock,
    logger,
    roles: new RoleService(store, clock, config.bootstrapAdmins),
    wards: new WardService(store, clock),
    installations: new InstallationService(store, clock),
    intake: new CaseIntakeService(store, clock, config.intake),
    allocation: new AllocationService(store, clock, config.trial),
  };
}

export function createBot(deps: BotDeps) {
  const adapter = createAdapter(deps.config, deps.logger);
  const app = createApplication(adapter, deps);
  return { adapter, app };
}
