import type { Command } from "commander";
import { csvImportCommand } from "./csvImport.js";

export function outcomeCommands(program: Command): void {
  csvImportCommand(program.command("outcomes").description("case outcomes from the CMS"), {
    description: "record outcomes from a CSV with columns crime_ref,outcome_code,outcome_date; all rows or none",
    skipInvalid: "record the valid rows and report the others",
    run: (deps, file, options) => deps.outcomes.importCsv(file, options),
    verdict: (file, report) =>
      report.written ? `Recorded ${file}: ${report.recorded} new, ${report.corrected} corrected, ${report.unchanged} unchanged.` : `${file}: nothing recorded, ${report.problems.length} problem(s):`,
  });
}
