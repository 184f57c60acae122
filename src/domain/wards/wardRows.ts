import { WARD_MODES, normaliseWardCode, type Ward, type WardMode } from "./ward.js";

import type { Problem } from "../../intake/index.js";
import { bcuKey } from "./units.js";

type RowProblem = Problem & { column: string; value: string };

/**
 * `bcu` undefined: the file has no bcu column (the ward keeps its BCU, or takes its borough's, or the default BCU).
 * `row`: the data row it came from, for problems found against the stored wards.
 */
export type WardImportRow = Omit<Ward, "mode" | "enabled" | "bcu"> & { mode: WardMode | undefined; enabled: boolean | undefined; bcu?: string | undefined; row?: number };

const REQUIRED = ["code", "name", "borough"] as const;
const OPTIONAL = ["mode", "enabled", "bcu"] as const;
const CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{1,19}$/;
const TRUE_WORDS = new Set(["true", "yes", "y", "1"]);
const FALSE_WORDS = new Set(["false", "no", "n", "0"]);

/** Header problems first: a file with the wrong columns is refused before any row is read. */
export function checkWardHeader(header: readonly string[]): RowProblem[] {
  const names = header.map((h) => h.trim().toLowerCase());
  const problems: RowProblem[] = [];
  for (const column of REQUIRED) {
    if (!names.includes(column)) problems.push({ row: 0, column, value: "", expected: `a "${column}" column` });
  }
  for (const name of names) {
    if (![...REQUIRED, ...OPTIONAL].includes(name as never)) {
      problems.push({ row: 0, column: name, value: name, expected: `only the columns ${[...REQUIRED, ...OPTIONAL].join(", ")}` });
    }
  }
  return problems;
}

/**
 * Validates every row; the caller writes nothing unless `problems` is empty. With a bcu column, every row names its
 * BCU (a blank is an unknown BCU, not the default), one BCU is spelled one way throughout, a ward code appears once
 * (the same code in two BCUs is called out as such), and all rows of a borough name the same BCU.
 */
export function validateWardRows(rows: readonly Record<string, string | undefined>[]): { wards: WardImportRow[]; problems: RowProblem[] } {
  const wards: WardImportRow[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, { row: number; bcu: string | undefined }>();
  const hasBcu = rows.some((raw) => Object.hasOwn(raw, "bcu"));
  const spelling = new Map<string, { bcu: string; row: number }>();
  rows.forEach((raw, index) => {
    const row = index + 1;
    const get = (column: string) => (raw[column] ?? "").trim();
    const rowProblems: RowProblem[] = [];
    const code = normaliseWardCode(get("code"));
    if (!CODE_PATTERN.test(code)) {
      rowProblems.push({ row, column: "code", value: get("code"), expected: "a ward code of 2–20 letters, digits, - or _ (e.g. E05013805)" });
    } else if (seen.has(code)) {
      const first = seen.get(code)!;
      const other = first.bcu !== undefined && first.bcu !== get("bcu").replace(/\s+/g, " ") ? ` (a ward is in one BCU: row ${first.row} puts it in "${first.bcu}")` : "";
      rowProblems.push({ row, column: "code", value: code, expected: `a code not already used on row ${first.row}${other}` });
    }
    for (const column of ["name", "borough"] as const) {
      const value = get(column);
      if (value.length === 0 || value.length > 100) rowProblems.push({ row, column, value, expected: "1–100 characters" });
    }
    const modeText = get("mode").toLowerCase();
    const mode = modeText === "" ? undefined : (WARD_MODES as readonly string[]).includes(modeText) ? (modeText as WardMode) : null;
    if (mode === null) rowProblems.push({ row, column: "mode", value: get("mode"), expected: WARD_MODES.join(" | ") });
    const enabledText = get("enabled").toLowerCase();
    const enabled = enabledText === "" ? undefined : TRUE_WORDS.has(enabledText) ? true : FALSE_WORDS.has(enabledText) ? false : null;
    if (enabled === null) rowProblems.push({ row, column: "enabled", value: get("enabled"), expected: "true or false" });
    const bcu = hasBcu ? get("bcu").replace(/\s+/g, " ") : undefined;
    if (bcu !== undefined) {
      const first = spelling.get(bcuKey(bcu));
      if (bcu.length === 0) {
        rowProblems.push({ row, column: "bcu", value: bcu, expected: "the name of the ward's BCU: this file has a bcu column, so every row names one" });
      } else if (bcu.length > 100) {
        rowProblems.push({ row, column: "bcu", value: bcu, expected: "1–100 characters" });
      } else if (first && first.bcu !== bcu) {
        rowProblems.push({ row, column: "bcu", value: bcu, expected: `"${first.bcu}", as row ${first.row} spells it (one BCU, one spelling)` });
      } else if (!first) {
        spelling.set(bcuKey(bcu), { bcu, row });
      }
    }
    if (rowProblems.length > 0) {
      problems.push(...rowProblems);
      return;
    }
    seen.set(code, { row, bcu });
    wards.push({ code, name: get("name"), borough: get("borough"), mode: mode ?? undefined, enabled: enabled ?? undefined, bcu, row });
  });
  problems.push(...splitBoroughs(wards));
  problems.sort((a, b) => a.row - b.row);
  return { wards, problems };
}

/** Every row of a borough whose rows name more than one BCU. */
function splitBoroughs(wards: readonly WardImportRow[]): RowProblem[] {
  const byBorough = new Map<string, Map<string, number[]>>();
  for (const w of wards) {
    if (w.bcu === undefined) continue;
    const bcus = byBorough.get(w.borough) ?? new Map<string, number[]>();
    bcus.set(w.bcu, [...(bcus.get(w.bcu) ?? []), w.row ?? 0]);
    byBorough.set(w.borough, bcus);
  }
  const problems: RowProblem[] = [];
  for (const w of wards) {
    const bcus = w.bcu === undefined ? undefined : byBorough.get(w.borough);
    if (!bcus || bcus.size < 2) continue;
    const parts = [...bcus].map(([bcu, rows]) => `"${bcu}" (row${rows.length > 1 ? "s" : ""} ${rows.join(", ")})`);
    problems.push({ row: w.row ?? 0, column: "bcu", value: w.bcu ?? "", expected: `one BCU for borough "${w.borough}", whose rows name ${parts.join(" and ")}` });
  }
  return problems;
}
