import type { GroupCell } from "./counts.js";
import type { BreakdownRow, Cell } from "./types.js";

/** Counts below this are not shown in a breakdown: a small cell can point at one victim. */
export const SMALL_CELL = 5;

type Counts = Record<Exclude<keyof BreakdownRow, "key">, number>;
const COLUMNS: readonly (keyof Counts)[] = ["randomisedSrc", "delivered", "randomisedBau", "analysedSrc", "attritionSrc", "analysedBau", "attritionBau"];

/**
 * Randomised cases grouped by `keysOf` their cell's key (a case may fall in several groups, e.g. several strands; a
 * key listed twice counts once), rows in key order, with small cells suppressed.
 */
export function breakdown<K>(cells: readonly GroupCell<K>[], keysOf: (key: K) => readonly string[]): BreakdownRow[] {
  const groups = new Map<string, Counts>();
  for (const cell of cells) {
    for (const key of new Set(keysOf(cell.key))) {
      let counts = groups.get(key);
      if (counts === undefined) groups.set(key, (counts = Object.fromEntries(COLUMNS.map((column) => [column, 0])) as Counts));
      addCell(counts, cell);
    }
  }
  const rows = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, counts]) => ({ key, counts }));
  return suppress(rows);
}

function addCell(counts: Counts, cell: GroupCell<unknown>): void {
  if (cell.arm === "SRC") {
    counts.randomisedSrc += cell.cases;
    counts.delivered += cell.delivered;
    counts.analysedSrc += cell.analysed;
    counts.attritionSrc += cell.attrition;
  } else {
    counts.randomisedBau += cell.cases;
    counts.analysedBau += cell.analysed;
    counts.attritionBau += cell.attrition;
  }
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
