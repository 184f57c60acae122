import type { Command } from "commander";
import type { StatusFilter } from "../domain/compliance/period.js";
import { PeriodBoundError, periodFromBounds } from "../domain/trialStats/period.js";
import { trialReportText } from "../domain/trialStats/summaryText.js";
import { CliInputError, withServices } from "./context.js";

interface StatsOptions {
  from?: string;
  to?: string;
  ward?: string;
  borough?: string;
  bcu?: string;
  json?: boolean;
}

function filterOf(o: StatsOptions): StatusFilter {
  if ([o.ward, o.borough, o.bcu].filter((given) => given !== undefined).length > 1) throw new CliInputError("Give one of --ward, --borough or --bcu.");
  if (o.ward !== undefined) return { kind: "ward", code: o.ward };
  if (o.bcu !== undefined) return { kind: "bcu", name: o.bcu };
  return o.borough !== undefined ? { kind: "borough", name: o.borough } : { kind: "all" };
}

export function statsCommand(program: Command): void {
  program
    .command("stats")
    .description("the trial report /stats shows: CONSORT flow, delivery, outcomes by arm (intention to treat), complier effect, power, projection, weekly trend")
    .option("--from <date>", "cases allocated (and received) on or after this day, yyyy-mm-dd or dd/mm/yyyy; default: the start of the trial")
    .option("--to <date>", "up to and including this day; default: now")
    .option("--ward <code>", "one ward")
    .option("--borough <name>", "every ward of one borough")
    .option("--bcu <name>", "every ward of one basic command unit (reassure units list names them)")
    .option("--json", "print the whole report, unrounded, as JSON")
    .action(async (o: StatsOptions) => {
      const filter = filterOf(o);
      const loaded = await withServices(async (deps, config) => {
        let period;
        try {
          period = periodFromBounds(o.from, o.to, config.timeZone);
        } catch (error) {
          throw error instanceof PeriodBoundError ? new CliInputError(error.message) : error;
        }
        return deps.reports.trialFor(period, filter);
      });
      if (!loaded.ok) throw new CliInputError(loaded.message);
      console.log(o.json ? JSON.stringify(loaded.report, null, 2) : trialReportText(loaded.report));
    });
}
