import { createReadStream, existsSync } from "node:fs";
import { basename } from "node:path";
import type { Command } from "commander";
import { CliInputError, cliActor, withServices } from "./context.js";
import { formatProblem } from "../intake/index.js";

export function outcomeCommands(program: Command): void {
  program
    .command("outcomes")
    .description("case outcomes from the CMS")
    .command("import <file>")
    .description("record outcomes from a CSV with columns crime_ref,outcome_code,outcome_date; all rows or none")
    .option("--skip-invalid", "record the valid rows and report the others")
    .option("--json", "print the report as JSON")
    .action(async (file: string, options: { skipInvalid?: boolean; json?: boolean }) => {
      if (!existsSync(file)) throw new CliInputError(`No such file: ${file}`);
      const report = await withServices((deps) => deps.outcomes.importCsv(createReadStream(file), { actor: cliActor(), source: `file:${basename(file)}`, skipInvalid: options.skipInvalid === true }));
      if (options.json) console.log(JSON.stringify(report, null, 2));
      else {
        console.log(report.written ? `Recorded ${file}: ${report.recorded} new, ${report.corrected} corrected, ${report.unchanged} unchanged.` : `${file}: nothing recorded, ${report.problems.length} problem(s):`);
        for (const p of report.problems) console.log(`  ${formatProblem(p)}`);
      }
      if (!report.written) process.exitCode = 2;
    });
}
