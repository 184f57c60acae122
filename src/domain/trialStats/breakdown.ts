import { isAnalysed, type TrialCase } from "./trialCases.js";
import type { BreakdownRow, Cell } from "./types.js";

/** Counts below this are not shown in a breakdown: a small cell can point at one victim. */
export const SMALL_CELL = 5;

type Counts = Record<Exclude<keyof BreakdownRow, "key">, number>;
const COLUMNS: readonly (keyof Counts)[] = ["randomisedSrc", "delivered", "randomisedBau", "analysedSrc", "attritionSrc", "analysedBau", "attritionBau"];

/**
 * Randomised cases grouped by `keysOf` (a case may fall in several groups, e.g. several strands), rows in key order,
 * with small cells suppressed.
 */
export function breakdown(randomised: readonly TrialCase[], keysOf: (c: TrialCase) => readonly string[]): BreakdownRow[] {
  const groups = new Map<string, TrialCase[]>();
  for (const c of randomised) for (const key of new Set(keysOf(c))) groups.set(key, [...(groups.get(key) ?? []), c]);
  const rows = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, cases]) => ({ key, counts: countsOf(cases) }));
  return suppress(rows);
}

function countsOf(cases: readonly TrialCase[]): Counts {
  const src = cases.filter((c) => c.fact.arm === "SRC");
  const bau = cases.filter((c) => c.fact.arm === "BAU");
  return {
    randomisedSrc: src.length,
    delivered: src.filter((c) => c.fact.delivered).length,
    randomisedBau: bau.length,
    analysedSrc: src.filter(isAnalysed).length,
    attritionSrc: src.filter((c) => isAnalysed(c) && c.events.attrition).length,
    analysedBau: bau.filter(isAnalysed).length,
    attritionBau: bau.filter((c) => isAnalysed(c) && c.events.attrition).length,
  };
}

/**
 * Primary suppression hides every count below 5 (zero too: "none of the 6 victims in ward X withdrew" is disclosive).
 * The report also shows each column's total, so a column with exactly one hidden cell would give it away by
 * subtraction; the smallest other cell of that column is hidden as well (complementary suppression), marked "[c]"
 * because it is not itself small.
 */
export function suppress(rows: readonly { key: string; counts: Counts }[]): BreakdownRow[] {
  const hidden = rows.map((row) => new Set(COLUMNS.filter((column) => row.counts[column] < SMALL_CELL)));
  for (const column of COLUMNS) {
    const hiddenRows = rows.filter((_, i) => hidden[i]!.has(column)).length;
    if (hiddenRows !== 1) continue;
    let smallest: number | undefined;
    rows.forEach((row, i) => {
      if (hidden[i]!.has(column)) return;
      if (smallest === undefined || row.counts[column] < rows[smallest]!.counts[column]) smallest = i;
    });
    if (smallest !== undefined) hidden[smallest]!.add(column);
  }
  return rows.map((row, i) => {
    const cells = Object.fromEntries(COLUMNS.map((column): [string, Cell] => [column, !hidden[i]!.has(column) ? row.counts[column] : row.counts[column] < SMALL_CELL ? "<5" : "[c]"])) as Record<keyof Counts, Cell>;
    return { key: row.key, ...cells };
  });
}
