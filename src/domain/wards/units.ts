import type { Problem } from "../../intake/index.js";
import type { Ward, WardBinding, WardMode } from "./ward.js";

/**
 * Organisational units: force → BCU → borough → ward. The force is the installation; BCUs are declared by the wards
 * CSV's `bcu` column; boroughs and wards are the file's rows. Every borough is in exactly one BCU.
 */

/** Where wards go when the file has no bcu column, and where the BCU migration put every ward that existed. */
export const DEFAULT_BCU = "Default BCU";

export type UnitProblem = Problem & { column: string; value: string };

/** BCU names are compared without case or repeated spaces to catch variants; stored exactly as first written. */
export function bcuKey(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLowerCase();
}

/** What the import needs to know of one row: its data row number (header = 0), code, borough and the BCU it names. */
export interface UnitRow {
  row: number;
  code: string;
  borough: string;
  /** Undefined when the file has no bcu column. */
  bcu: string | undefined;
}

export interface UnitPlan {
  /** The BCU of every row's ward after the import. */
  bcuOf: Map<string, string>;
  /** BCUs the file names that do not exist yet. */
  newBcus: string[];
  /** Wards that leave a named BCU for another (only with `moveWards`). */
  moved: { code: string; from: string; to: string }[];
  problems: UnitProblem[];
}

/**
 * Places each row's ward in a BCU, checked against the wards and BCUs already stored. A row without a BCU (a file
 * without the column) keeps its ward's BCU, or takes its borough's, or else the default BCU. Refused, per row:
 * a case/space variant of an existing BCU's name ("unknown BCU": names must match exactly), a ward leaving a named
 * BCU for another unless `moveWards` (trials are per BCU), and a borough that would end up in two BCUs.
 */
export function planWardUnits(
  rows: readonly UnitRow[],
  existing: readonly Pick<Ward, "code" | "borough" | "bcu">[],
  knownBcus: readonly string[],
  options: { moveWards?: boolean } = {},
): UnitPlan {
  const problems: UnitProblem[] = [];
  const byKey = new Map(knownBcus.map((name) => [bcuKey(name), name]));
  const before = new Map(existing.map((w) => [w.code, w]));
  const inFile = new Set(rows.map((r) => r.code));
  // Boroughs' BCUs as stored, from the wards the file leaves alone and those it lists (before the import).
  const storedBoroughBcu = new Map<string, string>();
  for (const w of existing) if (!storedBoroughBcu.has(w.borough)) storedBoroughBcu.set(w.borough, w.bcu);

  const bcuOf = new Map<string, string>();
  const newBcus: string[] = [];
  const moved: UnitPlan["moved"] = [];
  for (const r of rows) {
    const current = before.get(r.code)?.bcu;
    let bcu: string;
    if (r.bcu !== undefined) {
      const known = byKey.get(bcuKey(r.bcu));
      if (known !== undefined && known !== r.bcu) {
        problems.push({ row: r.row, column: "bcu", value: r.bcu, expected: `a known BCU: "${known}" exists, spelled so (a different spelling is not a new BCU)` });
        continue;
      }
      if (known === undefined && !newBcus.includes(r.bcu)) newBcus.push(r.bcu);
      bcu = r.bcu;
    } else {
      bcu = current ?? storedBoroughBcu.get(r.borough) ?? DEFAULT_BCU;
      if (!byKey.has(bcuKey(bcu)) && !newBcus.includes(bcu)) newBcus.push(bcu);
    }
    if (current !== undefined && current !== bcu && current !== DEFAULT_BCU) {
      if (!options.moveWards) {
        problems.push({ row: r.row, column: "bcu", value: bcu, expected: `"${current}", the ward's BCU now (trials are per BCU: import with --move-wards to move wards deliberately)` });
        continue;
      }
      moved.push({ code: r.code, from: current, to: bcu });
    }
    bcuOf.set(r.code, bcu);
  }
  if (problems.length > 0) return { bcuOf, newBcus, moved, problems };

  // After the import, each borough must be in one BCU: the stored wards the file leaves alone count too.
  const boroughBcus = new Map<string, Map<string, string[]>>();
  const note = (borough: string, bcu: string, what: string) => {
    const bcus = boroughBcus.get(borough) ?? new Map<string, string[]>();
    bcus.set(bcu, [...(bcus.get(bcu) ?? []), what]);
    boroughBcus.set(borough, bcus);
  };
  for (const w of existing) if (!inFile.has(w.code)) note(w.borough, w.bcu, `ward ${w.code} (not in this file)`);
  for (const r of rows) note(r.borough, bcuOf.get(r.code) ?? DEFAULT_BCU, `row ${r.row}`);
  for (const r of rows) {
    const bcus = boroughBcus.get(r.borough);
    if (!bcus || bcus.size < 2) continue;
    const parts = [...bcus].map(([bcu, where]) => `"${bcu}" (${where.slice(0, 3).join(", ")}${where.length > 3 ? ` and ${where.length - 3} more` : ""})`);
    problems.push({ row: r.row, column: "bcu", value: bcuOf.get(r.code) ?? DEFAULT_BCU, expected: `one BCU for borough "${r.borough}", which would be split across ${parts.join(" and ")}` });
  }
  return { bcuOf, newBcus, moved, problems };
}

export interface UnitCounts {
  wards: number;
  /** Wards with an active channel binding. */
  bound: number;
  trial: number;
  rollout: number;
  off: number;
  /** Cases held (imported and not yet purged). */
  cases: number;
}

export interface BoroughUnit extends UnitCounts {
  name: string;
}

export interface BcuUnit extends UnitCounts {
  name: string;
  boroughs: BoroughUnit[];
}

export interface UnitTree {
  force: UnitCounts & { bcus: number; boroughs: number };
  bcus: BcuUnit[];
}

const zero = (): UnitCounts => ({ wards: 0, bound: 0, trial: 0, rollout: 0, off: 0, cases: 0 });

function add(counts: UnitCounts, mode: WardMode, bound: boolean, cases: number): void {
  counts.wards++;
  if (bound) counts.bound++;
  counts[mode]++;
  counts.cases += cases;
}

/** The force's tree with counts at every level; BCUs without wards (e.g. an emptied default BCU) are left out. */
export function unitTree(wards: readonly Ward[], bindings: readonly WardBinding[], casesByWard: ReadonlyMap<string, number>): UnitTree {
  const active = new Set(bindings.filter((b) => b.status === "active").map((b) => b.wardCode));
  const force = zero();
  const bcus = new Map<string, { counts: UnitCounts; boroughs: Map<string, UnitCounts> }>();
  for (const ward of wards) {
    const bound = active.has(ward.code);
    const cases = casesByWard.get(ward.code) ?? 0;
    const bcu = bcus.get(ward.bcu) ?? { counts: zero(), boroughs: new Map<string, UnitCounts>() };
    bcus.set(ward.bcu, bcu);
    const borough = bcu.boroughs.get(ward.borough) ?? zero();
    bcu.boroughs.set(ward.borough, borough);
    for (const counts of [force, bcu.counts, borough]) add(counts, ward.mode, bound, cases);
  }
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  const list: BcuUnit[] = [...bcus]
    .map(([name, { counts, boroughs }]) => ({ name, ...counts, boroughs: [...boroughs].map(([b, c]) => ({ name: b, ...c })).sort(byName) }))
    .sort(byName);
  return { force: { bcus: list.length, boroughs: list.reduce((n, b) => n + b.boroughs.length, 0), ...force }, bcus: list };
}
