import type { Command } from "commander";
import { csvImportCommand } from "./csvImport.js";

export function caseCommands(program: Command): void {
  csvImportCommand(program.command("cases").description("hate crime cases from the CMS"), {
    description: "import a CMS export (crime_ref, reported_at, ward_code[, record_type][, offence][, strands]); all rows or none",
    skipInvalid: "write the valid rows and report the others",
    run: (deps, file, options) => deps.intake.importCsv(file, options),
    verdict(file, report) {
      const listed = report.problems.length < report.problemCount ? ` (the first ${report.problems.length} listed)` : "";
      return report.written
        ? `Imported ${file}: ${report.created} new, ${report.updated} updated, ${report.unchanged} unchanged` + (report.problemCount > 0 ? `, ${report.problemCount} problem(s) skipped${listed}.` : ".")
        : `${file}: nothing imported, ${report.problemCount} problem(s)${listed}:`;
    },
  });
}
