import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { generateDemoData } from "../intake/index.js";

/** London: about 22,400 flagged hate crimes a year. */
const FORCE_CASES_PER_DAY = 61;
import { CliInputError } from "./context.js";

const positiveInt = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new CliInputError(`--${name}: expected a whole number above 0, got ${JSON.stringify(value)}`);
  return n;
};

export function demoDataCommand(program: Command): void {
  program
    .command("demo-data")
    .description("write a synthetic wards.csv and cases.csv (no real data) for demos and tests")
    .requiredOption("--seed <seed>", "same seed, same files")
    .requiredOption("--out <dir>", "folder to write into")
    .option("--force", "a whole force: 12 BCUs, about 630 wards, a year of cases at the force's rate (about 61 a day)")
    .option("--wards <n>", "number of wards of the pilot BCU (default 79)", positiveInt("wards"))
    .option("--days <n>", "days of cases (default 120; with --force, 365)", positiveInt("days"))
    .option("--start <date>", "first day, yyyy-mm-dd (default 2022-10-03, the pilot's start)")
    .option("--with-errors", "add a few malformed rows")
    .action((options: { seed: string; out: string; force?: boolean; wards?: number; days?: number; start?: string; withErrors?: boolean }) => {
      const start = options.start ? new Date(`${options.start}T12:00:00Z`) : undefined;
      if (start && Number.isNaN(start.getTime())) throw new CliInputError(`--start: expected yyyy-mm-dd, got ${JSON.stringify(options.start)}`);
      if (options.force && options.wards !== undefined) throw new CliInputError("--wards and --force: a force's wards are its BCUs' (about 630); give one or the other");
      const force = options.force === true;
      const { wardsCsv, casesCsv } = generateDemoData({
        seed: options.seed,
        force,
        wards: options.wards ?? 79,
        days: options.days ?? (force ? 365 : 120),
        ...(force && { casesPerDay: FORCE_CASES_PER_DAY }),
        start,
        withErrors: options.withErrors === true,
      });
      mkdirSync(options.out, { recursive: true });
      writeFileSync(join(options.out, "wards.csv"), wardsCsv);
      writeFileSync(join(options.out, "cases.csv"), casesCsv);
      const bcus = new Set(wardsCsv.trim().split("\n").slice(1).map((line) => line.split(",").at(-1)));
      const wardCount = wardsCsv.trim().split("\n").length - 1;
      const caseCount = casesCsv.trim().split("\n").length - 1;
      console.log(`Wrote ${join(options.out, "wards.csv")} (${wardCount} wards in ${bcus.size} BCU${bcus.size === 1 ? "" : "s"}) and ${join(options.out, "cases.csv")} (${caseCount} cases).`);
    });
}
