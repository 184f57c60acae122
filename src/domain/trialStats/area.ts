import type { StatusFilter } from "../compliance/period.js";
import { unknownWardMessage } from "../wards/suggest.js";
import { normaliseWardCode } from "../wards/ward.js";

export interface WardName {
  code: string;
  name: string;
  borough: string;
  /** The basic command unit the ward belongs to (see units.ts). */
  bcu: string;
}

const shortened = (name: string) => (name.length > 40 ? `${name.slice(0, 40)}…` : name);
const sortedNames = (names: Iterable<string>) => [...new Set(names)].sort((a, b) => a.localeCompare(b, "en-GB"));

/** `wardCodes` undefined means every ward, including any added since. */
export type AreaSelection = { ok: true; wardCodes: string[] | undefined; label: string } | { ok: false; message: string };

/** The wards a `ward <code>`, `borough <name>` or `bcu <name>` filter names; unknown names are answered with the known ones. */
export function selectArea(filter: StatusFilter, wards: readonly WardName[]): AreaSelection {
  if (filter.kind === "all") return { ok: true, wardCodes: undefined, label: "All wards" };
  if (filter.kind === "ward") {
    const code = normaliseWardCode(filter.code);
    const ward = wards.find((w) => w.code === code);
    if (!ward) return { ok: false, message: unknownWardMessage(filter.code, wards.map((w) => w.code)) };
    return { ok: true, wardCodes: [ward.code], label: `Ward ${ward.name} (${ward.code})` };
  }
  if (filter.kind === "bcu") {
    const bcu = wards.find((w) => w.bcu.toLowerCase() === filter.name.trim().toLowerCase())?.bcu;
    if (!bcu) {
      const known = sortedNames(wards.map((w) => w.bcu));
      return { ok: false, message: `Unknown BCU "${shortened(filter.name)}". ${known.length > 0 ? `Known BCUs: ${known.join(", ")}.` : "No wards are loaded yet."}` };
    }
    return { ok: true, wardCodes: wards.filter((w) => w.bcu === bcu).map((w) => w.code), label: `BCU ${bcu}` };
  }
  const borough = wards.find((w) => w.borough.toLowerCase() === filter.name.trim().toLowerCase())?.borough;
  if (!borough) {
    const known = sortedNames(wards.map((w) => w.borough));
    return { ok: false, message: `Unknown borough "${shortened(filter.name)}". ${known.length > 0 ? `Known boroughs: ${known.join(", ")}.` : "No wards are loaded yet."}` };
  }
  return { ok: true, wardCodes: wards.filter((w) => w.borough === borough).map((w) => w.code), label: `Borough ${borough}` };
}
