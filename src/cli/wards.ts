import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { parse } from "csv-parse/sync";
import { checkWardHeader, validateWardRows } from "../domain/wards/wardRows.js";
import { formatProblem, type Problem } from "../intake/index.js";
import { CliInputError, cliActor, withServices } from "./context.js";
import { readCommand } from "./readCommand.js";

/** A ward list is a few hundred rows at most: read whole, then validated whole. */
async function readWardCsv(path: string): Promise<{ header: string[]; rows: Record<string, string>[] }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new CliInputError((error as NodeJS.ErrnoException).code === "ENOENT" ? `No such file: ${path}` : `Cannot read ${path}: ${(error as Error).message}`);
  }
  let header: string[] = [];
  try {
    const rows = parse(text, { bom: true, trim: true, skip_empty_lines: true, columns: (h: string[]) => (header = h.map((c) => c.trim().toLowerCase())) });
    return { header, rows: rows as Record<string, string>[] };
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    throw new CliInputError(`${path} is not valid CSV${lines ? ` (line ${lines})` : ""}: ${(error as Error).message}`);
  }
}

export function wardCommands(program: Command): void {
  const wards = program.command("wards").description("the wards cases are referred to");
  wards
    .command("import <file>")
    .description("create or update wards from a CSV with columns code,name,borough[,bcu][,mode][,enabled]; all rows or none")
    .option("--move-wards", "allow wards to move from one BCU to another (trials are per BCU)")
    .action(async (file: string, options: { moveWards?: boolean }) => {
      const { header, rows } = await readWardCsv(file);
      const headerProblems = checkWardHeader(header);
      const { wards: valid, problems } = headerProblems.length > 0 ? { wards: [], problems: headerProblems } : validateWardRows(rows);
      const refuse = (list: readonly Problem[]) =>
        new CliInputError(`${file}: nothing imported, ${list.length} problem(s):\n${list.map((p) => `  ${formatProblem(p)}`).join("\n")}`);
      if (problems.length > 0) throw refuse(problems);
      const result = await withServices((deps) => deps.wards.importWards(valid, cliActor(), { moveWards: options.moveWards === true }));
      if (!result.ok) throw refuse(result.problems);
      console.log(`Imported ${valid.length} wards: ${result.created.length} created, ${result.updated.length} updated, ${result.unchanged} unchanged.`);
      if (result.newBcus.length > 0) console.log(`New BCUs: ${result.newBcus.join(", ")}.`);
      for (const move of result.moved) console.log(`Moved ${move.code} from ${move.from} to ${move.to}.`);
    });
  readCommand(wards, "list", {
    description: "each ward with its mode and channel binding",
    read: (deps) => deps.wards.list(),
    json: (list) => list.map(({ ward, binding }) => ({ ...ward, channelId: binding?.channelId ?? null, binding: binding?.status ?? "unbound" })),
    print(list) {
      if (list.length === 0) {
        console.log("No wards. Import them with: reassure wards import <file.csv>");
        return;
      }
      for (const { ward, binding } of list) {
        const channel = binding ? `${binding.status} ${binding.channelId}` : "unbound";
        console.log([ward.code.padEnd(12), ward.borough.padEnd(14), ward.mode.padEnd(8), ward.enabled ? "enabled " : "disabled", channel, ward.name].join("  "));
      }
    },
  });
}
