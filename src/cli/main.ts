import { Command, CommanderError } from "commander";
import { ConfigError } from "../config/env.js";
import { packageVersion } from "../version.js";
import { CliInputError, EXIT } from "./context.js";
import { dbCommands } from "./db.js";
import { wardCommands } from "./wards.js";
import { unitCommands } from "./units.js";
import { roleCommands } from "./roles.js";
import { caseCommands } from "./cases.js";
import { allocationCommands } from "./allocation.js";
import { demoDataCommand } from "./demoData.js";
import { apiKeyCommand } from "./apiKey.js";
import { outcomeCommands } from "./outcomes.js";
import { analyseCommands } from "./analyse.js";
import { statsCommand } from "./stats.js";
import { auditCommands } from "./audit.js";
import { purgeCommand } from "./purge.js";
import { exportCommands } from "./export.js";
import { simulateCommands } from "./simulate.js";
import { outboxCommands } from "./outbox.js";

const program = new Command("reassure")
  .description("Reassure: secondary reassurance contact for hate crime victims — administration and analysis")
  .version(packageVersion(), "-V, --version", "the installed Reassure version")
  .exitOverride()
  .showHelpAfterError();
dbCommands(program);
wardCommands(program);
unitCommands(program);
roleCommands(program);
caseCommands(program);
allocationCommands(program);
demoDataCommand(program);
apiKeyCommand(program);
outcomeCommands(program);
analyseCommands(program);
statsCommand(program);
auditCommands(program);
purgeCommand(program);
exportCommands(program);
simulateCommands(program);
outboxCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.invalidInput);
  if (error instanceof CliInputError || error instanceof ConfigError) {
    console.error(error.message);
    process.exit(EXIT.invalidInput);
  }
  console.error(`reassure: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(EXIT.failed);
});
