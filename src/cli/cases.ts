import { createReadStream, existsSync } from "node:fs";
import { basename } from "node:path";
import type { Command } from "commander";
import { CliInputError, cliActor, withServices } from "./context.js";
import { formatProblem } from "../intake/index.js";

export function caseCommands(program: Command): void {
  const cases = program.command("cases").description("hate crime cases from the CMS");
  cases
    .command("import <file>")
    .description("import a CMS export (crime_ref, reported_at, ward_code[, record_type][, offence][, strands]); all rows or none")
    .option("--skip-invalid", "write the valid rows and report the others")
    .option("--json", "print the report as JSON")
    .action(async (file: string, options: { skipInvalid?: boolean; json?: boolean }) => {
      if (!existsSync(file)) throw new CliInputError(`No such file: ${file}`);
      const report = await withServices((deps) =>
        deps.intake.importCsv(createReadStream(file), { actor: cliActor(), skipInvalid: options.skipInvalid === true, source: `file:${basename(file)}` }),
      );
      if (options.json) console.log(JSON.stringify(report, null, 2));
      else {
        const listed = report.problems.length < report.problemCount ? ` (the first ${report.problems.length} listed)` : "";
        const verdict = report.written
          ? `Imported ${file}: ${report.created} new, ${report.updated} updated, ${report.unchanged} unchanged` + (report.problemCount > 0 ? `, ${report.problemCount} problem(s) skipped${listed}.` : ".")
          : `${file}: nothing imported, ${report.problemCount} problem(s)${listed}:`;
        console.log(verdict);
        for (const p of report.problems) console.log(`  ${formatProblem(p)}`);
      }
      if (!report.written) process.exitCode = 2;
    });
}
