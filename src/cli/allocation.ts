import type { Command } from "commander";
import { CliInputError, cliActor, withServices } from "./context.js";

export function allocationCommands(program: Command): void {
  program
    .command("allocate [crimeRefs...]")
    .description("allocate every eligible, unallocated case (or the crime references given): randomised in trial wards, SRC in rollout wards")
    .option("--json", "print the report as JSON")
    .action(async (crimeRefs: string[], options: { json?: boolean }) => {
      const report = await withServices((deps) => deps.allocation.allocate({ crimeRefs: crimeRefs.length > 0 ? crimeRefs : undefined, actor: cliActor() }));
      if (options.json) {
        console.log(JSON.stringify(report, null, 2));
        return;
      }
      const count = (arm: string, method: string) => report.allocated.filter((a) => a.arm === arm && a.method === method).length;
      console.log(`Allocated ${report.allocated.length}: SRC ${count("SRC", "randomised")}, BAU ${count("BAU", "randomised")} (randomised); SRC ${count("SRC", "rollout")} (rollout).`);
      for (const a of report.allocated.filter((x) => x.arm === "SRC")) console.log(`  referred  ${a.crimeRef}  ${a.wardCode}`);
      for (const n of report.notAllocated) console.log(`  pending   ${n.crimeRef}  ${n.reason}`);
      for (const ref of report.alreadyAllocated) console.log(`  already allocated  ${ref}`);
      for (const ref of report.unknown) console.log(`  unknown   ${ref}`);
    });

  const allocation = program.command("allocation").description("the trial's allocation record");
  allocation
    .command("verify")
    .description("regenerate every stratum's sequence from the stored seed and check every allocation and the list hash; exit 0 only if all match")
    .action(async () => {
      const result = await withServices((deps) => deps.allocation.verify());
      if (result.ok) {
        console.log(`OK: ${result.allocations} randomised allocations match the sequence regenerated from the trial's seed, and the list hash matches.`);
        return;
      }
      console.log(`FAILED: ${result.problems.length} problem(s) in ${result.allocations} randomised allocations:`);
      for (const p of result.problems) console.log(`  ${p}`);
      process.exitCode = 1;
    });
  allocation
    .command("exclude <crimeRef>")
    .description("exclude a case (before randomisation it is not allocated; after, it stays in the intention-to-treat denominator)")
    .requiredOption("--reason <text>", "why (kept in the event log)")
    .action(async (crimeRef: string, options: { reason: string }) => {
      if (options.reason.trim().length < 3) throw new CliInputError("--reason: say why the case is excluded");
      const outcome = await withServices((deps) => deps.allocation.exclude(crimeRef, options.reason.trim(), cliActor()));
      const messages = {
        excluded: `${crimeRef} excluded after randomisation: it stays in the intention-to-treat analysis.`,
        "already-excluded": `${crimeRef} was already excluded; nothing changed.`,
        "excluded-before-randomisation": `${crimeRef} excluded before randomisation: it will not be allocated.`,
        unknown: `Unknown crime reference ${crimeRef}.`,
      } as const;
      console.log(messages[outcome]);
      if (outcome === "unknown") process.exitCode = 2;
    });
}
