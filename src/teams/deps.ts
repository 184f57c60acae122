import type { Config } from "../config/env.js";
import type { Clock } from "../domain/clock.js";
import type { Store } from "../domain/ports.js";
import type { RoleService } from "../domain/people/roleService.js";
import type { WardService } from "../domain/wards/wardService.js";
import type { InstallationService } from "../domain/teams/installationService.js";
import type { Logger } from "../log.js";
import type { CaseIntakeService } from "../domain/cases/caseIntake.js";
import type { AllocationService } from "../domain/allocation/allocationService.js";

/** Everything a command, card action or event handler may use. Built once in src/app.ts. */
export interface BotDeps {
  config: Config;
  store: Store;
  clock: Clock;
  logger: Logger;
  roles: RoleService;
  wards: WardService;
  installations: InstallationService;
  intake: CaseIntakeService;
  allocation: AllocationService;
}
