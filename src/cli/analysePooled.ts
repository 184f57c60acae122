import type { Command } from "commander";
import {
  analysePooledTrials,
  type CochranMantelHaenszelResult,
  type LabelledTrial,
  type PooledRatio,
  type PooledTrialsResult,
  type TrialSummary,
} from "../stats/index.js";
import { formatP } from "./analyseText.js";
import { CliInputError } from "./context.js";
import { explained } from "./statsInput.js";

/**
 * `reassure analyse pooled`: one trial per BCU, pooled SRC v BAU with the Mantel-Haenszel risk ratio,
 * the Cochran-Mantel-Haenszel test and the Breslow-Day check that the trials agree. The counts are
 * comma-separated lists, one value per trial, in the same order in every list.
 */

const WHOLE = /^\d+$/;

/** A commander parser for a list of counts: "10,12,0". Each value is checked as the single-count options are. */
const countList = (option: string) => (raw: string): number[] =>
  raw.split(",").map((item, i) => {
    const value = Number(item.trim());
    if (!WHOLE.test(item.trim()) || !Number.isSafeInteger(value)) {
      throw new CliInputError(`--${option}: value ${i + 1} must be a whole number ≥ 0, got ${JSON.stringify(item)} (in ${JSON.stringify(raw)})`);
    }
    return value;
  });

const labelList = (raw: string): string[] => {
  const labels = raw.split(",").map((l) => l.trim());
  labels.forEach((label, i) => {
    if (label === "") throw new CliInputError(`--labels: label ${i + 1} is empty (in ${JSON.stringify(raw)})`);
    if (labels.indexOf(label) !== i) throw new CliInputError(`--labels: ${JSON.stringify(label)} is given twice`);
  });
  return labels;
};

interface PooledOptions {
  srcEvents: number[];
  srcCases: number[];
  bauEvents: number[];
  bauCases: number[];
  labels?: string[];
  tarone?: boolean;
  json?: boolean;
}

/** Same length for every list, events within cases: each refusal names the option and the trial. */
function trialsFrom(o: PooledOptions): LabelledTrial[] {
  const k = o.srcEvents.length;
  const lists: [string, number][] = [
    ["src-cases", o.srcCases.length],
    ["bau-events", o.bauEvents.length],
    ["bau-cases", o.bauCases.length],
  ];
  for (const [option, length] of lists) {
    if (length !== k) {
      throw new CliInputError(`--${option}: ${length} value${length === 1 ? "" : "s"} but --src-events has ${k} (one per trial, in the same order)`);
    }
  }
  if (o.labels !== undefined && o.labels.length !== k) {
    throw new CliInputError(`--labels: ${o.labels.length} label${o.labels.length === 1 ? "" : "s"} for ${k} trial${k === 1 ? "" : "s"}`);
  }
  const trials = o.srcEvents.map((eventsT, i) => ({
    label: o.labels?.[i] ?? `Trial ${i + 1}`,
    eventsT,
    nT: o.srcCases[i] ?? 0,
    eventsC: o.bauEvents[i] ?? 0,
    nC: o.bauCases[i] ?? 0,
  }));
  for (const t of trials) {
    if (t.eventsT > t.nT) throw new CliInputError(`--src-events: ${t.label}: cannot exceed --src-cases (${t.eventsT} > ${t.nT})`);
    if (t.eventsC > t.nC) throw new CliInputError(`--bau-events: ${t.label}: cannot exceed --bau-cases (${t.eventsC} > ${t.nC})`);
  }
  return trials;
}

const twoDecimals = (x: number): string => x.toFixed(2);
const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** The ratio with its interval, or null when there is none (then `ratioLine` and the reading give the reason). */
function ratioText(r: PooledRatio): string | null {
  if (r.estimate === null || r.lower === null || r.upper === null) return null;
  return `${twoDecimals(r.estimate)} (95% CI ${twoDecimals(r.lower)}–${twoDecimals(r.upper)})`;
}

function ratioLine(r: PooledRatio, method: string): string {
  const text = ratioText(r);
  if (text !== null) return `${text}, ${method}`;
  return `${r.estimate === null ? "not estimable" : `${r.estimate}, no interval`} — ${r.undefinedReason ?? "undefined"}`;
}

function cmhText(r: CochranMantelHaenszelResult): string {
  return r.statistic === null || r.p === null ? `undefined: ${r.undefinedReason ?? "no variation"}` : `${r.statistic.toFixed(2)}, ${formatP(r.p)}`;
}

function arm(events: number, cases: number): string {
  return `${`${events} / ${cases}`.padEnd(10)}${cases === 0 ? "—" : percent(events / cases)}`;
}

function trialRow(t: TrialSummary, width: number): string {
  const rr = t.rr === null || t.rrLower === null || t.rrUpper === null ? "—" : `${twoDecimals(t.rr)} (${twoDecimals(t.rrLower)}–${twoDecimals(t.rrUpper)})${t.rrCorrected ? "*" : ""}`;
  return `${t.label.padEnd(width)}${arm(t.eventsT, t.nT).padEnd(19)}${arm(t.eventsC, t.nC).padEnd(19)}${rr}`;
}

/** The one-line reading: the pooled risk ratio and whether the CMH test (continuity-corrected) finds a difference. */
export function pooledReading(r: PooledTrialsResult): string {
  const over = `Attrition pooled over ${r.trialsPooled} trial${r.trialsPooled === 1 ? "" : "s"}`;
  const cmh = r.cmhCorrected;
  const verdict =
    cmh.p === null
      ? "the difference cannot be tested"
      : cmh.p < 0.05
        ? `the difference is unlikely to be chance alone (CMH ${formatP(cmh.p)})`
        : `the difference could be chance (CMH ${formatP(cmh.p)})`;
  const ratio = ratioText(r.riskRatio);
  const rr = ratio === null ? `no risk ratio with an interval (${r.riskRatio.undefinedReason ?? "undefined"})` : `risk ratio ${ratio} with SRC v without`;
  return `${over}: ${rr}; ${verdict}.`;
}

export function pooledText(r: PooledTrialsResult): string {
  const width = Math.max(12, ...r.trials.map((t) => t.label.length + 2));
  const lines = [
    `${"Trial".padEnd(width)}${"SRC attrition".padEnd(19)}${"BAU attrition".padEnd(19)}Risk ratio (95% CI)`,
    ...r.trials.map((t) => trialRow(t, width)),
  ];
  const notes = r.trials.filter((t) => t.note !== null).map((t) => `  ${t.label}: ${t.note ?? ""}`);
  if (r.trials.some((t) => t.rrCorrected)) lines.push(`* 0.5 added to every cell of that trial's own table, as one was zero`);
  if (notes.length > 0) lines.push(...notes);
  if (r.trialsPooled === 1) lines.push(`Only one trial has both arms: the pooled figures are that trial's (Mantel-Haenszel for one table).`);
  const bd = r.breslowDay;
  const ta = r.breslowDayTarone;
  lines.push(
    ``,
    `Pooled risk ratio  ${ratioLine(r.riskRatio, "Mantel-Haenszel (Greenland-Robins interval)")}`,
    `Common odds ratio  ${ratioLine(r.oddsRatio, "Mantel-Haenszel")}`,
    `CMH test           ${cmhText(r.cmhCorrected)}${r.cmhCorrected.continuityCorrected ? " (continuity-corrected)" : ""}`,
    `  uncorrected      ${cmhText(r.cmhUncorrected)}`,
    `Breslow-Day        ${
      bd.statistic === null || bd.p === null || ta.statistic === null || ta.p === null
        ? `not done: ${bd.undefinedReason ?? "no test"}`
        : `${bd.statistic.toFixed(2)} on ${bd.df} df, ${formatP(bd.p)} (Tarone ${ta.statistic.toFixed(2)}, ${formatP(ta.p)})`
    }`,
    ``,
    pooledReading(r),
    r.homogeneity.reading,
  );
  return lines.join("\n");
}

export function pooledCommand(analyse: Command): void {
  analyse
    .command("pooled")
    .description(
      "trials in several BCUs pooled, stratified by trial: Mantel-Haenszel risk ratio, Cochran-Mantel-Haenszel test, Breslow-Day check that the trials agree",
    )
    .requiredOption("--src-events <list>", "attrition in the SRC arm, one count per trial: 10,12,…", countList("src-events"))
    .requiredOption("--src-cases <list>", "cases randomised to SRC, one per trial (0 for a trial with no SRC cases yet)", countList("src-cases"))
    .requiredOption("--bau-events <list>", "attrition in the BAU arm, one per trial", countList("bau-events"))
    .requiredOption("--bau-cases <list>", "cases randomised to BAU, one per trial", countList("bau-cases"))
    .option("--labels <list>", "a name for each trial, e.g. the BCUs: North,South", labelList)
    .option("--tarone", "read the Breslow-Day test with Tarone's correction")
    .option("--json", "print the unrounded figures as JSON")
    .action((o: PooledOptions) => {
      const trials = trialsFrom(o);
      const result = explained(() => analysePooledTrials(trials, { tarone: o.tarone === true }));
      console.log(o.json ? JSON.stringify(result, null, 2) : pooledText(result));
    });
}
