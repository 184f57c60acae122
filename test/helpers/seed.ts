import type { AppContext } from "../../src/services.js";
import type { WardMode } from "../../src/domain/wards/ward.js";

export const WARDS: { code: string; name: string; borough: string; mode: WardMode }[] = [
  { code: "E05000001", name: "Abbey", borough: "Merton", mode: "trial" },
  { code: "E05000002", name: "Colliers Wood", borough: "Merton", mode: "trial" },
  { code: "E05000003", name: "Tooting", borough: "Wandsworth", mode: "trial" },
  { code: "E05000004", name: "Balham", borough: "Wandsworth", mode: "rollout" },
  { code: "E05000005", name: "Kew", borough: "Richmond", mode: "off" },
];

export async function seedWards(deps: AppContext, wards = WARDS): Promise<void> {
  await deps.wards.importWards(wards.map((w) => ({ ...w, enabled: true })), "test");
}

/** `n` cases spread over the wards in turn, reported an hour apart; crime references 1000000/24, 1000001/24, … */
export function caseCsv(n: number, options: { wards?: readonly string[]; start?: number; extra?: string[] } = {}): string {
  const wards = options.wards ?? WARDS.map((w) => w.code);
  const lines = ["crime_ref,reported_at,ward_code,record_type,offence"];
  for (let i = 0; i < n; i++) {
    const ref = `${1_000_000 + (options.start ?? 0) + i}/24`;
    const at = new Date(Date.UTC(2024, 2, 1, 8) + i * 3_600_000).toISOString();
    lines.push(`${ref},${at},${wards[i % wards.length]},crime,public order`);
  }
  return [...lines, ...(options.extra ?? [])].join("\n") + "\n";
}

export async function importCases(deps: AppContext, csv: string, skipInvalid = false) {
  return deps.intake.importCsv([csv], { actor: "test", skipInvalid, source: "test" });
}
