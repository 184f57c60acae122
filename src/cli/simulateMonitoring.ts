import type { Command } from "commander";
import {
  MONITORING_DEFAULTS,
  MonitoringSimulationError,
  simulateMonitoring,
  type MonitoringSimulationInput,
  type MonitoringSimulationResult,
  type ScenarioFigures,
} from "../simulation/monitoringSimulation.js";
import { isSpendingFunction, SPENDING_FUNCTIONS, type SpendingFunction } from "../stats/index.js";
import { CliInputError } from "./context.js";
import { explained } from "./statsInput.js";
import { finiteNumber, positiveWholeNumber, probability } from "./strictNumbers.js";

interface MonitoringCliOptions extends MonitoringSimulationInput {
  json?: boolean;
}

const pct = (p: number): string => `${(p * 100).toFixed(1)}%`;
const pm = (p: number, se: number): string => `${pct(p)} ± ${(1.96 * se * 100).toFixed(1)}`;

function spendingName(raw: string): SpendingFunction {
  if (!isSpendingFunction(raw)) throw new CliInputError(`--spending: must be one of ${SPENDING_FUNCTIONS.join(", ")}, got ${JSON.stringify(raw)}`);
  return raw;
}

function row(label: string, a: string, b: string): string {
  return `${label.padEnd(44)}${a.padEnd(20)}${b}`;
}

export function monitoringText(r: MonitoringSimulationResult): string {
  const { input, noEffect, pilotEffect } = r;
  const gamma = input.gamma === undefined ? "" : ` (gamma ${input.gamma})`;
  const kept = pilotEffect.finalOnly > 0 ? pilotEffect.monitored / pilotEffect.finalOnly : null;
  const stopLine = (s: ScenarioFigures) =>
    s.meanStopLook === null
      ? "never stopped early"
      : `stopped at look ${s.meanStopLook.toFixed(1)} on average when it stopped; a trial used ${pct(s.meanCasesUsed)} of the planned cases on average`;
  return [
    `Monitoring simulation, seed ${JSON.stringify(input.seed)}: ${input.trials} trials, each with ${input.looks} equally spaced looks up to ${input.casesPerArm} cases per arm.`,
    `Plan: ${input.spending}${gamma} spending, two-sided alpha ${input.alpha} (α/2 on each side); critical |z| from ${r.design.looks[0]?.critical.toFixed(2)} at look 1 to ${r.design.looks.at(-1)?.critical.toFixed(2)} at look ${input.looks}.`,
    `Pilot's effect: attrition ${pct(pilotEffect.bauAttrition)} with BAU, ${pct(pilotEffect.srcAttrition)} with SRC (${pct(input.relativeReduction)} lower, intention to treat).`,
    "",
    row("Share of trials declaring an effect", "No true effect", "Pilot's effect"),
    row(`  naively: p < ${input.alpha} at any look`, pm(noEffect.naive, noEffect.naiveSe), pm(pilotEffect.naive, pilotEffect.naiveSe)),
    row("  with the plan's boundaries", pm(noEffect.monitored, noEffect.monitoredSe), pm(pilotEffect.monitored, pilotEffect.monitoredSe)),
    row("  one analysis at the end only", pct(noEffect.finalOnly), pct(pilotEffect.finalOnly)),
    "",
    `(± is 1.96 Monte Carlo standard errors.) With no true effect the plan ${stopLine(noEffect)}.`,
    `With the pilot's effect the plan keeps ${kept === null ? "—" : pct(kept)} of the power of a single analysis at the end, and ${stopLine(pilotEffect)}.`,
  ].join("\n");
}

export function simulateMonitoringCommand(simulate: Command): void {
  simulate
    .command("monitoring")
    .description(
      "trials with no true effect and with the pilot's effect, run through the monitoring code: how often each declares an effect when the weekly p-value is read naively, and with the plan's boundaries",
    )
    .requiredOption("--seed <seed>", "same seed, same figures")
    .option("--trials <n>", "simulated trials per scenario (1 to 1000000)", positiveWholeNumber("trials"), 10_000)
    .option("--looks <n>", "equally spaced looks per trial (1 to 52)", positiveWholeNumber("looks"), 12)
    .option("--cases-per-arm <n>", "cases per arm at the last look", positiveWholeNumber("cases-per-arm"), MONITORING_DEFAULTS.casesPerArm)
    .option("--control-attrition <p>", "attrition with BAU", probability("control-attrition"), MONITORING_DEFAULTS.controlAttrition)
    .option("--relative-reduction <r>", "how much lower attrition is with SRC, intention to treat (0.22: 22% lower)", finiteNumber("relative-reduction"), MONITORING_DEFAULTS.relativeReduction)
    .option("--alpha <p>", "two-sided significance level", probability("alpha"), MONITORING_DEFAULTS.alpha)
    .option("--spending <name>", `alpha-spending function: ${SPENDING_FUNCTIONS.join(", ")}`, spendingName, "obrien-fleming" as SpendingFunction)
    .option("--gamma <g>", "parameter of kim-demets and hwang-shih-decani (required for those)", finiteNumber("gamma"))
    .option("--json", "print the figures as JSON")
    .action((o: MonitoringCliOptions) => {
      let result: MonitoringSimulationResult;
      try {
        result = explained(() =>
          simulateMonitoring({
            trials: o.trials,
            looks: o.looks,
            seed: o.seed,
            casesPerArm: o.casesPerArm,
            controlAttrition: o.controlAttrition,
            relativeReduction: o.relativeReduction,
            alpha: o.alpha,
            spending: o.spending,
            gamma: o.gamma,
          }),
        );
      } catch (error) {
        if (error instanceof MonitoringSimulationError) throw new CliInputError(error.message);
        throw error;
      }
      if (o.json) {
        const { input, design, casesAtLook, noEffect, pilotEffect } = result;
        console.log(JSON.stringify({ input, boundaries: design.looks.map((l) => l.critical), casesAtLook, noEffect, pilotEffect }, null, 2));
        return;
      }
      console.log(monitoringText(result));
    });
}
