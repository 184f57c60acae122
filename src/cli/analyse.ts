import type { Command } from "commander";
import {
  analyse2x2,
  complierAverageCausalEffect,
  powerTwoProportions,
  projectForceScale,
  sampleSizeTwoProportions,
} from "../stats/index.js";
import { CliInputError } from "./context.js";
import { analyseSequentialCommand } from "./analyseSequential.js";
import { pooledCommand } from "./analysePooled.js";
import { explained } from "./statsInput.js";
import { complierText, powerText, projectionText, sampleSizeText, twoByTwoText } from "./analyseText.js";
import {
  finiteNumber,
  nonNegativeNumber,
  positiveNumber,
  positiveWholeNumber,
  probability,
  requireAtMost,
  wholeNumber,
} from "./strictNumbers.js";

const NUMBERS_NOTE = "Numbers in plain decimal notation (125, 0.05); exponents, separators and trailing text are refused.";

function print(json: boolean | undefined, data: unknown, text: () => string): void {
  console.log(json ? JSON.stringify(data, null, 2) : text());
}

interface ArmOptions {
  eventsT: number;
  nT: number;
  eventsC: number;
  nC: number;
  json?: boolean;
}

function withArms(command: Command): Command {
  return command
    .requiredOption("--events-t <count>", "cases with the outcome in the SRC (treatment) arm", wholeNumber("events-t"))
    .requiredOption("--n-t <count>", "cases randomised to SRC", positiveWholeNumber("n-t"))
    .requiredOption("--events-c <count>", "cases with the outcome in the BAU (control) arm", wholeNumber("events-c"))
    .requiredOption("--n-c <count>", "cases randomised to BAU", positiveWholeNumber("n-c"));
}

function checkArms(o: ArmOptions): void {
  requireAtMost(o.eventsT, "events-t", o.nT, "n-t");
  requireAtMost(o.eventsC, "events-c", o.nC, "n-c");
}

export function analyseCommands(program: Command): void {
  const analyse = program
    .command("analyse")
    .description("re-run the trial's statistics from counts (no database needed)")
    .addHelpText("after", `\n${NUMBERS_NOTE}`);

  withArms(analyse.command("2x2"))
    .description("one binary outcome by arm: risks, Katz relative risk, Newcombe risk difference, Fisher and chi-square")
    .option("--label <outcome>", "outcome name for the one-line reading", "Risk")
    .option("--json", "print the unrounded figures as JSON")
    .action((o: ArmOptions & { label: string }) => {
      checkArms(o);
      const input = { eventsT: o.eventsT, nT: o.nT, eventsC: o.eventsC, nC: o.nC };
      const r = explained(() => analyse2x2(input));
      const json = {
        riskTreatment: r.riskTreatment,
        riskControl: r.riskControl,
        rr: r.rr,
        rrLower: r.rrLower,
        rrUpper: r.rrUpper,
        rrCorrected: r.rrCorrected,
        rd: r.rd,
        rdLower: r.rdLower,
        rdUpper: r.rdUpper,
        fisherP: r.fisherP,
        chiSquare: r.chiSquare,
        chiSquareP: r.chiSquareP,
        chiSquareYates: r.chiSquareYates,
        chiSquareYatesP: r.chiSquareYatesP,
      };
      print(o.json, json, () => twoByTwoText(o.label, input, r));
    });

  analyse
    .command("sample-size")
    .description("cases per arm to detect a difference between two proportions (as R power.prop.test)")
    .requiredOption("--p-control <p>", "outcome risk without SRC", probability("p-control"))
    .requiredOption("--p-treatment <p>", "outcome risk hoped for with SRC", probability("p-treatment"))
    .option("--alpha <p>", "two-sided significance level", probability("alpha"), 0.05)
    .option("--power <p>", "target power", probability("power"), 0.8)
    .option("--json", "print the unrounded figures as JSON")
    .action((o: { pControl: number; pTreatment: number; alpha: number; power: number; json?: boolean }) => {
      if (o.pControl === o.pTreatment) {
        throw new CliInputError("--p-treatment: must differ from --p-control (no sample size detects no difference)");
      }
      const r = explained(() => sampleSizeTwoProportions({ p1: o.pControl, p2: o.pTreatment, alpha: o.alpha, power: o.power }), {
        p1: "p-control",
        p2: "p-treatment",
      });
      print(o.json, { nPerArm: r.nPerArm, nPerArmCeiling: r.nPerArmCeiling }, () =>
        sampleSizeText(o.pControl, o.pTreatment, o.alpha, o.power, r),
      );
    });

  analyse
    .command("power")
    .description("power to detect a difference between two proportions with n cases per arm (as R power.prop.test)")
    .requiredOption("--n-per-arm <n>", "cases per arm (need not be whole)", positiveNumber("n-per-arm"))
    .requiredOption("--p-control <p>", "outcome risk without SRC", probability("p-control"))
    .requiredOption("--p-treatment <p>", "outcome risk with SRC", probability("p-treatment"))
    .option("--alpha <p>", "two-sided significance level", probability("alpha"), 0.05)
    .option("--json", "print the unrounded figure as JSON")
    .action((o: { nPerArm: number; pControl: number; pTreatment: number; alpha: number; json?: boolean }) => {
      const power = explained(() => powerTwoProportions({ nPerArm: o.nPerArm, p1: o.pControl, p2: o.pTreatment, alpha: o.alpha }), {
        p1: "p-control",
        p2: "p-treatment",
      });
      print(o.json, { power }, () => powerText(o.nPerArm, o.pControl, o.pTreatment, o.alpha, power));
    });

  withArms(analyse.command("cace"))
    .description("complier average causal effect: the ITT difference ÷ the difference in SRC receipt between arms")
    .requiredOption("--treated-t <count>", "SRC-arm cases that received SRC", wholeNumber("treated-t"))
    .requiredOption("--treated-c <count>", "BAU-arm cases that received SRC anyway (0 in a clean trial)", wholeNumber("treated-c"))
    .option("--events-treated-t <count>", "outcome events among the SRC-arm cases that received SRC", wholeNumber("events-treated-t"))
    .option("--json", "print the unrounded figures as JSON")
    .action((o: ArmOptions & { treatedT: number; treatedC: number; eventsTreatedT?: number }) => {
      checkArms(o);
      requireAtMost(o.treatedT, "treated-t", o.nT, "n-t");
      requireAtMost(o.treatedC, "treated-c", o.nC, "n-c");
      if (o.eventsTreatedT !== undefined) {
        requireAtMost(o.eventsTreatedT, "events-treated-t", o.treatedT, "treated-t");
        requireAtMost(o.eventsTreatedT, "events-treated-t", o.eventsT, "events-t");
      }
      const r = explained(
        () =>
          complierAverageCausalEffect({
            eventsT: o.eventsT,
            nT: o.nT,
            eventsC: o.eventsC,
            nC: o.nC,
            treatedT: o.treatedT,
            treatedC: o.treatedC,
            eventsAmongTreatedT: o.eventsTreatedT,
          }),
        { "events-among-treated-t": "events-treated-t" },
      );
      const json = {
        ittRd: r.ittRd,
        ittRr: r.ittRr,
        complianceDifference: r.complianceDifference,
        caceRd: r.caceRd,
        fullComplianceRelativeChangePct: r.fullComplianceRelativeChangePct,
        ...(o.eventsTreatedT === undefined
          ? {}
          : { complierRiskTreated: r.complierRiskTreated, complierRiskUntreated: r.complierRiskUntreated }),
      };
      print(o.json, json, () => complierText(r));
    });

  analyse
    .command("projection")
    .description("force-scale illustration: withdrawals a year × relative reduction = victims kept engaged")
    .requiredOption("--annual-withdrawals <n>", "victim withdrawals a year across the force, e.g. 6839", nonNegativeNumber("annual-withdrawals"))
    .requiredOption("--relative-reduction <fraction>", "relative reduction in attrition, e.g. 0.22 (negative for harm)", finiteNumber("relative-reduction"))
    .option("--annual-cases <n>", "hate crimes a year across the force, e.g. 22421", positiveNumber("annual-cases"))
    .option("--json", "print the unrounded figures as JSON")
    .action((o: { annualWithdrawals: number; relativeReduction: number; annualCases?: number; json?: boolean }) => {
      const r = explained(
        () =>
          projectForceScale({
            withdrawalsPerYear: o.annualWithdrawals,
            relativeReduction: o.relativeReduction,
            casesPerYear: o.annualCases,
          }),
        { "withdrawals-per-year": "annual-withdrawals", "cases-per-year": "annual-cases" },
      );
      const figure = { fewerWithdrawals: r.fewerWithdrawals, shareOfCases: r.shareOfCases };
      print(o.json, figure, () => projectionText(o.annualWithdrawals, o.relativeReduction, figure, o.annualCases));
    });

  pooledCommand(analyse);

  analyseSequentialCommand(analyse);
}
