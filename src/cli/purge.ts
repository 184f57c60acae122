import type { Command } from "commander";
import { RetentionService } from "../domain/retention/retentionService.js";
import { CliInputError, cliActor, withServices } from "./context.js";

const MIN_DAYS = 30;

function days(raw: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < MIN_DAYS) throw new CliInputError(`--older-than: must be a whole number of days ≥ ${MIN_DAYS}, got ${JSON.stringify(raw)}`);
  return value;
}

export function purgeCommand(program: Command): void {
  program
    .command("purge")
    .description("retention: pseudonymise closed cases untouched for the period (the statistics keep their figures) and prune older events")
    .option("--older-than <days>", `the retention period in days, at least ${MIN_DAYS} (default: RETENTION_DAYS)`, days)
    .option("--dry-run", "do it, report it and roll it back: nothing changes")
    .option("--json", "print the report as JSON")
    .action(async (options: { olderThan?: number; dryRun?: boolean; json?: boolean }) => {
      const report = await withServices((deps, config) =>
        new RetentionService(deps.store, deps.clock).purge({ olderThanDays: options.olderThan ?? config.retention.days, actor: cliActor(), dryRun: options.dryRun === true }),
      );
      if (options.json) {
        console.log(JSON.stringify(report, null, 2));
      } else {
        const verb = report.dryRun ? "Would purge" : "Purged";
        console.log(`${verb} ${report.cases} closed cases and ${report.events} events untouched since ${report.cutoff.toISOString().slice(0, 10)} (${report.olderThanDays} days).`);
        if (report.eventsRefused) console.log(`No events pruned: the audit log is broken (${report.eventsRefused.message}). Run \`reassure audit verify\`.`);
      }
      if (report.eventsRefused) process.exitCode = 1;
    });
}
