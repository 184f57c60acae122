import type { Command } from "commander";
import { trialReportText } from "../domain/trialStats/summaryText.js";
import { formatLondon } from "../domain/workingTime/index.js";
import { PILOT_DEFAULTS, PilotParameterError, expectedIttRelativeRisk, type PilotParameters } from "../simulation/pilotModel.js";
import { CliInputError } from "./context.js";
import { finiteNumber, positiveWholeNumber } from "./strictNumbers.js";
import { simulateMonitoringCommand } from "./simulateMonitoring.js";

interface PilotCliOptions extends PilotParameters {
  seed: string;
  json?: boolean;
}

const percent = (p: number) => `${Math.round(p * 1000) / 10}%`;

function preface(o: PilotCliOptions, endedAt: Date): string {
  return [
    `Simulated pilot, seed ${JSON.stringify(o.seed)}: ${o.cases} synthetic cases from 3 Oct 2022, run through Reassure on a temporary database (simulated time ended ${formatLondon(endedAt, "Europe/London")}).`,
    `Model: attrition ${percent(o.controlAttrition)} without SRC, ${percent(o.relativeReduction)} lower when SRC is delivered, ${percent(o.delivery)} of SRC referrals delivered: intention to treat should find a relative risk near ${expectedIttRelativeRisk(o).toFixed(2)}.`,
  ].join("\n");
}

export function simulateCommands(program: Command): void {
  const simulate = program.command("simulate").description("synthetic trials run through the real code, to check the whole chain from intake to /stats");
  simulate
    .command("pilot")
    .description(
      "a four-month pilot on a temporary database: daily intake and /allocate, referral cards claimed and completed by simulated officers through the bot, outcomes drawn from the given risks; prints the /stats report",
    )
    .requiredOption("--seed <seed>", "same seed, same report")
    .option("--cases <n>", "cases received over the four months (10 to 20000)", positiveWholeNumber("cases"), PILOT_DEFAULTS.cases)
    .option("--control-attrition <p>", "attrition without SRC (BAU, and SRC not delivered)", finiteNumber("control-attrition"), PILOT_DEFAULTS.controlAttrition)
    .option("--relative-reduction <r>", "how much lower attrition is when SRC is delivered (0.22: 22% lower)", finiteNumber("relative-reduction"), PILOT_DEFAULTS.relativeReduction)
    .option("--delivery <p>", "share of SRC referrals that officers deliver", finiteNumber("delivery"), PILOT_DEFAULTS.delivery)
    .option("--json", "print the report as JSON, as `reassure stats --json` does")
    .action(async (o: PilotCliOptions) => {
      const options = { seed: o.seed, cases: o.cases, controlAttrition: o.controlAttrition, relativeReduction: o.relativeReduction, delivery: o.delivery };
      let run;
      try {
        // Loaded here: the simulation runs the whole bot, which no other command needs in memory.
        const { simulatePilot } = await import("../simulation/pilot.js");
        // Warnings and errors only, on stderr: stdout is the report.
        run = await simulatePilot(options, { logDestination: process.stderr, logLevel: "warn" });
      } catch (error) {
        throw error instanceof PilotParameterError ? new CliInputError(error.message) : error;
      }
      console.log(o.json ? JSON.stringify(run.report, null, 2) : `${preface(o, run.endedAt)}\n\n${trialReportText(run.report)}`);
    });
  simulateMonitoringCommand(simulate);
}
