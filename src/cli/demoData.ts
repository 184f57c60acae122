import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { generateDemoData } from "../intake/index.js";
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
    .option("--wards <n>", "number of wards", positiveInt("wards"), 79)
    .option("--days <n>", "days of cases", positiveInt("days"), 120)
    .option("--start <date>", "first day, yyyy-mm-dd (default 2022-10-03, the pilot's start)")
    .option("--with-errors", "add a few malformed rows")
    .action((options: { seed: string; out: string; wards: number; days: number; start?: string; withErrors?: boolean }) => {
      const start = options.start ? new Date(`${options.start}T12:00:00Z`) : undefined;
      if (start && Number.isNaN(start.getTime())) throw new CliInputError(`--start: expected yyyy-mm-dd, got ${JSON.stringify(options.start)}`);
      const { wardsCsv, casesCsv } = generateDemoData({ seed: options.seed, wards: options.wards, days: options.days, start, withErrors: options.withErrors === true });
      mkdirSync(options.out, { recursive: true });
      writeFileSync(join(options.out, "wards.csv"), wardsCsv);
      writeFileSync(join(options.out, "cases.csv"), casesCsv);
      console.log(`Wrote ${join(options.out, "wards.csv")} (${wardsCsv.trim().split("\n").length - 1} wards) and ${join(options.out, "cases.csv")} (${casesCsv.trim().split("\n").length - 1} cases).`);
    });
}
