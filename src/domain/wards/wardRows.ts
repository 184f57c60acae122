import { WARD_MODES, normaliseWardCode, type Ward, type WardMode } from "./ward.js";

import type { Problem } from "../../intake/index.js";

type RowProblem = Problem & { column: string; value: string };

export type WardImportRow = Omit<Ward, "mode" | "enabled"> & { mode: WardMode | undefined; enabled: boolean | undefined };

const REQUIRED = ["code", "name", "borough"] as const;
const OPTIONAL = ["mode", "enabled"] as const;
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

/** Validates every row; the caller writes nothing unless `problems` is empty. */
export function validateWardRows(rows: readonly Record<string, string | undefined>[]): { wards: WardImportRow[]; problems: RowProblem[] } {
  const wards: WardImportRow[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  rows.forEach((raw, index) => {
    const row = index + 1;
    const get = (column: string) => (raw[column] ?? "").trim();
    const rowProblems: RowProblem[] = [];
    const code = normaliseWardCode(get("code"));
    if (!CODE_PATTERN.test(code)) {
      rowProblems.push({ row, column: "code", value: get("code"), expected: "a ward code of 2–20 letters, digits, - or _ (e.g. E05013805)" });
    } else if (seen.has(code)) {
      rowProblems.push({ row, column: "code", value: code, expected: `a code not already used on row ${seen.get(code)}` });
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
    if (rowProblems.length > 0) {
      problems.push(...rowProblems);
      return;
    }
    seen.set(code, row);
    wards.push({ code, name: get("name"), borough: get("borough"), mode: mode ?? undefined, enabled: enabled ?? undefined });
  });
  return { wards, problems };
}
