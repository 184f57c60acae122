import type { Command } from "commander";
import type { UnitCounts } from "../domain/wards/units.js";
import { readCommand } from "./readCommand.js";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const counts = (c: UnitCounts) => `${plural(c.wards, "ward")} (${c.bound} bound; ${c.trial} trial, ${c.rollout} rollout, ${c.off} off), ${plural(c.cases, "case")}`;

export function unitCommands(program: Command): void {
  const units = program.command("units").description("organisational units: force → BCU → borough → ward");
  readCommand(units, "list", {
    description: "the tree of BCUs, boroughs and wards with counts of wards bound, in trial, rollout or off, and cases held",
    read: (deps) => deps.wards.units(),
    print(tree) {
      if (tree.bcus.length === 0) {
        console.log("No wards. Import them with: reassure wards import <file.csv>");
        return;
      }
      console.log(`Force: ${plural(tree.force.bcus, "BCU")}, ${plural(tree.force.boroughs, "borough")}, ${counts(tree.force)}`);
      for (const bcu of tree.bcus) {
        console.log(`  ${bcu.name}: ${plural(bcu.boroughs.length, "borough")}, ${counts(bcu)}`);
        for (const borough of bcu.boroughs) console.log(`    ${borough.name}: ${counts(borough)}`);
      }
    },
  });
}
