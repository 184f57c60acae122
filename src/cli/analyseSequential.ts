import type { Command } from "commander";
import {
  designBoundaries,
  isSpendingFunction,
  MAX_LOOKS,
  monitorTrial,
  SPENDING_FUNCTIONS,
  type ArmCounts,
  type LookBoundary,
  type LookResult,
  type SequentialDesign,
  type SpendingFunction,
} from "../stats/index.js";
import { CliInputError } from "./context.js";
import { explained } from "./statsInput.js";
import { finiteNumber, probability } from "./strictNumbers.js";

/**
 * `reassure analyse sequential`: the group-sequential plan's boundaries for given information fractions and,
 * with cumulative counts per look, each look's z, crossing, repeated confidence interval and adjusted p-value.
 * The numbers are src/stats/groupSequential's; this file only parses, checks and prints.
 */

const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)$/;
const WHOLE = /^\d+$/;

function list(option: string, raw: string, rule: string, pattern: RegExp): number[] {
  const items = raw.split(",").map((s) => s.trim());
  return items.map((item, i) => {
    const value = Number(item);
    if (!pattern.test(item) || !Number.isFinite(value)) {
      throw new CliInputError(`--${option}: must be ${rule} separated by commas, got ${JSON.stringify(item)} at position ${i + 1} of ${JSON.stringify(raw)}`);
    }
    return value;
  });
}

const fractionList = (raw: string): number[] => list("fractions", raw, "information fractions (0.2,0.45,0.7,1)", DECIMAL);
const countList = (option: string) => (raw: string): number[] => list(option, raw, "whole numbers ≥ 0, one per look,", WHOLE);

function spendingName(raw: string): SpendingFunction {
  if (!isSpendingFunction(raw)) throw new CliInputError(`--spending: must be one of ${SPENDING_FUNCTIONS.join(", ")}, got ${JSON.stringify(raw)}`);
  return raw;
}

const OPTION_NAMES = { counts: "fractions" };

interface SequentialOptions {
  fractions: number[];
  alpha: number;
  spending: SpendingFunction;
  gamma?: number;
  final?: boolean;
  srcEvents?: number[];
  srcCases?: number[];
  bauEvents?: number[];
  bauCases?: number[];
  json?: boolean;
}

const COUNT_OPTIONS = ["srcEvents", "srcCases", "bauEvents", "bauCases"] as const;
const FLAG: Record<(typeof COUNT_OPTIONS)[number], string> = {
  srcEvents: "src-events",
  srcCases: "src-cases",
  bauEvents: "bau-events",
  bauCases: "bau-cases",
};

/** The four count lists together, one entry per look, events within cases; or undefined when none is given. */
export function countsFromOptions(o: SequentialOptions): ArmCounts[] | undefined {
  const given = COUNT_OPTIONS.filter((k) => o[k] !== undefined);
  if (given.length === 0) return undefined;
  if (given.length < COUNT_OPTIONS.length) {
    const missing = COUNT_OPTIONS.filter((k) => o[k] === undefined).map((k) => `--${FLAG[k]}`);
    throw new CliInputError(`${missing.join(", ")}: --src-events, --src-cases, --bau-events and --bau-cases go together (cumulative counts per look); give all four or none`);
  }
  for (const k of COUNT_OPTIONS) {
    const values = o[k] ?? [];
    if (values.length !== o.fractions.length) {
      throw new CliInputError(`--${FLAG[k]}: needs one count per look, ${o.fractions.length} as --fractions has, got ${values.length}`);
    }
  }
  return o.fractions.map((_, i) => {
    const at = (k: (typeof COUNT_OPTIONS)[number]) => o[k]?.[i] ?? 0;
    for (const arm of ["src", "bau"] as const) {
      const events = at(`${arm}Events`);
      const cases = at(`${arm}Cases`);
      if (cases === 0) throw new CliInputError(`--${arm}-cases: look ${i + 1} has no ${arm.toUpperCase()} cases; every look needs cases in both arms`);
      if (events > cases) {
        throw new CliInputError(`--${arm}-events: cannot exceed --${arm}-cases at look ${i + 1} (${events} > ${cases})`);
      }
    }
    return { srcEvents: at("srcEvents"), srcCases: at("srcCases"), bauEvents: at("bauEvents"), bauCases: at("bauCases") };
  });
}

const SPENDING_LABEL: Record<SpendingFunction, string> = {
  "obrien-fleming": "Lan-DeMets O'Brien-Fleming-type",
  pocock: "Lan-DeMets Pocock-type",
  "kim-demets": "Kim-DeMets power",
  "hwang-shih-decani": "Hwang-Shih-DeCani",
};

const small = (p: number): string => (p >= 0.001 ? p.toFixed(4) : p === 0 ? "<1e-300" : p.toExponential(2));
const pad = (cells: string[], widths: number[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
const pct = (p: number): string => `${(p * 100).toFixed(1)}%`;
const points = (d: number): string => `${(d * 100).toFixed(1)}`;

function header(design: SequentialDesign): string {
  const gamma = design.gamma === null ? "" : ` (gamma ${design.gamma})`;
  const n = design.looks.length;
  return `Two-sided alpha ${design.alpha}, ${SPENDING_LABEL[design.spending]} spending${gamma}, α/2 on each side; ${n} look${n === 1 ? "" : "s"}.`;
}

function boundaryTable(looks: readonly LookBoundary[]): string {
  const widths = [4, 8, 12, 11, 11, 16];
  const rows = [pad(["Look", "Fraction", "Critical |z|", "Stage level", "Alpha spent", "Cumulative alpha"], widths)];
  for (const l of looks) {
    rows.push(
      pad([`${l.look}${l.final ? "*" : ""}`, `${l.fraction}`, l.critical.toFixed(4), small(l.stageLevel), small(l.alphaSpent), small(l.cumulativeAlphaSpent)], widths),
    );
  }
  return rows.join("\n");
}

function resultTable(looks: readonly LookResult[]): string {
  const widths = [4, 14, 14, 7, 8, 26, 10];
  const rows = [pad(["Look", "SRC attrition", "BAU attrition", "z", "Crossed", "Repeated CI (points)", "Adjusted p"], widths)];
  for (const l of looks) {
    rows.push(
      pad(
        [
          `${l.look}`,
          `${pct(l.srcRisk)}`,
          `${pct(l.bauRisk)}`,
          l.z.toFixed(3),
          l.crossed ? "yes" : "no",
          `${points(l.riskDifference)} (${points(l.repeatedCi.lower)} to ${points(l.repeatedCi.upper)})`,
          l.adjustedP === null ? "" : small(l.adjustedP),
        ],
        widths,
      ),
    );
  }
  return rows.join("\n");
}

function reading(looks: readonly LookResult[], stoppedAt: number | null, alpha: number): string {
  const percentLevel = (_: LookResult) => `${Number(((1 - alpha) * 100).toFixed(2))}%`;
  const lines: string[] = [];
  if (stoppedAt !== null) {
    const l = looks[stoppedAt - 1];
    if (l !== undefined) {
      lines.push(
        `Look ${stoppedAt} crossed the boundary (|z| ${Math.abs(l.z).toFixed(3)} ≥ ${l.critical.toFixed(4)}): attrition is lower with ${l.favours}. Stop and report: difference ${points(l.riskDifference)} points (repeated ${percentLevel(l)} CI ${points(l.repeatedCi.lower)} to ${points(l.repeatedCi.upper)}), adjusted p = ${small(l.adjustedP ?? 1)}.`,
      );
    }
  } else {
    const last = looks[looks.length - 1];
    lines.push(
      last?.final
        ? `No look crossed its boundary; the final analysis's adjusted p = ${small(last.adjustedP ?? 1)}.`
        : "No look has crossed its boundary: continue. A look that does not cross has no p-value to report.",
    );
  }
  for (const l of looks) if (l.note !== null) lines.push(`Look ${l.look}: ${l.note}.`);
  return lines.join("\n");
}

function json(design: SequentialDesign, looks?: readonly LookResult[], stoppedAt?: number | null): unknown {
  const plan = { alpha: design.alpha, spending: design.spending, gamma: design.gamma };
  if (looks === undefined) return { ...plan, looks: design.looks };
  return {
    ...plan,
    stoppedAt: stoppedAt ?? null,
    looks: looks.map((l) => ({
      look: l.look,
      fraction: l.fraction,
      critical: l.critical,
      stageLevel: l.stageLevel,
      alphaSpent: l.alphaSpent,
      cumulativeAlphaSpent: l.cumulativeAlphaSpent,
      final: l.final,
      srcRisk: l.srcRisk,
      bauRisk: l.bauRisk,
      riskDifference: l.riskDifference,
      z: l.z,
      crossed: l.crossed,
      favours: l.favours,
      repeatedCiLower: l.repeatedCi.lower,
      repeatedCiUpper: l.repeatedCi.upper,
      adjustedP: l.adjustedP,
      note: l.note,
    })),
  };
}

export function analyseSequentialCommand(analyse: Command): void {
  analyse
    .command("sequential")
    .description("group-sequential monitoring: each look's critical value, stage level and alpha spent; with counts, z, crossing, repeated CI and adjusted p")
    .requiredOption("--fractions <list>", `information fraction of each look, increasing, e.g. 0.2,0.45,0.7,1 (at most ${MAX_LOOKS}; only the last may exceed 1)`, fractionList)
    .option("--alpha <p>", "two-sided significance level (α/2 is spent on each side)", probability("alpha"), 0.05)
    .option("--spending <name>", `alpha-spending function: ${SPENDING_FUNCTIONS.join(", ")}`, spendingName, "obrien-fleming" as SpendingFunction)
    .option("--gamma <g>", "parameter of kim-demets (ρ > 0) and hwang-shih-decani (γ); required for those, refused for the others", finiteNumber("gamma"))
    .option("--final", "the last look is the final analysis even below fraction 1: it spends all the alpha left")
    .option("--src-events <list>", "cumulative attrition events in SRC at each look", countList("src-events"))
    .option("--src-cases <list>", "cumulative SRC cases with a known outcome at each look", countList("src-cases"))
    .option("--bau-events <list>", "cumulative attrition events in BAU at each look", countList("bau-events"))
    .option("--bau-cases <list>", "cumulative BAU cases with a known outcome at each look", countList("bau-cases"))
    .option("--json", "print the unrounded figures as JSON")
    .addHelpText(
      "after",
      "\nA look whose fraction is 1 or more (or the last, with --final) is the final analysis and spends all the alpha left.\nStage level is one-sided, 1 − Φ(critical) (rpact's stageLevels); the two-sided nominal p at the boundary is twice it.",
    )
    .action((o: SequentialOptions) => {
      const counts = countsFromOptions(o);
      const input = { alpha: o.alpha, spending: o.spending, gamma: o.gamma, fractions: o.fractions, ...(o.final ? { final: true } : {}) };
      if (counts === undefined) {
        const design = explained(() => designBoundaries(input), OPTION_NAMES);
        console.log(o.json ? JSON.stringify(json(design), null, 2) : `${header(design)}\n\n${boundaryTable(design.looks)}${footnote(design)}`);
        return;
      }
      const result = explained(() => monitorTrial({ ...input, counts }), OPTION_NAMES);
      if (o.json) {
        console.log(JSON.stringify(json(result.design, result.looks, result.stoppedAt), null, 2));
        return;
      }
      console.log(
        [header(result.design), "", boundaryTable(result.design.looks) + footnote(result.design), "", resultTable(result.looks), "", reading(result.looks, result.stoppedAt, result.design.alpha)].join("\n"),
      );
    });
}

function footnote(design: SequentialDesign): string {
  return design.looks.some((l) => l.final) ? "\n* final analysis: spends all the alpha left" : "";
}
