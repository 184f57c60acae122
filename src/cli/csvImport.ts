import { createReadStream, existsSync, type ReadStream } from "node:fs";
import { basename } from "node:path";
import type { Command } from "commander";
import { formatProblem, type Problem } from "../intake/index.js";
import type { AppContext } from "../services.js";
import { CliInputError, cliActor, withServices } from "./context.js";

/**
 * `import <file>` under `cases` and `outcomes`: a CMS export streamed to the service, all rows or none unless
 * --skip-invalid, and exit code 2 when nothing was written so that a scheduled import is seen to fail.
 */
export function csvImportCommand<Report extends { written: boolean; problems: readonly Problem[] }>(
  parent: Command,
  spec: {
    description: string;
    skipInvalid: string;
    run(deps: AppContext, file: ReadStream, options: { actor: string; source: string; skipInvalid: boolean }): Promise<Report>;
    /** The line above the problems listed. */
    verdict(file: string, report: Report): string;
  },
): void {
  parent
    .command("import <file>")
    .description(spec.description)
    .option("--skip-invalid", spec.skipInvalid)
    .option("--json", "print the report as JSON")
    .action(async (file: string, options: { skipInvalid?: boolean; json?: boolean }) => {
      if (!existsSync(file)) throw new CliInputError(`No such file: ${file}`);
      const report = await withServices((deps) =>
        spec.run(deps, createReadStream(file), { actor: cliActor(), source: `file:${basename(file)}`, skipInvalid: options.skipInvalid === true }),
      );
      if (options.json) console.log(JSON.stringify(report, null, 2));
      else {
        console.log(spec.verdict(file, report));
        for (const p of report.problems) console.log(`  ${formatProblem(p)}`);
      }
      if (!report.written) process.exitCode = 2;
    });
}
