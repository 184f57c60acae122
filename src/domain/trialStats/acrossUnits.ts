import { analysePooledTrials, type PooledTrialsResult } from "../../stats/pooledTrials.js";
import { breakdown } from "./breakdown.js";
import type { GroupCell } from "./counts.js";
import { formatP, ratio } from "./format.js";
import type { AcrossUnits } from "./types.js";

/**
 * Attrition by arm in each BCU, pooled across BCUs stratified by BCU (Mantel-Haenszel risk ratio with its
 * Greenland-Robins interval, the CMH test with R's continuity correction, Breslow-Day for whether the BCUs disagree).
 * Null when fewer than two BCUs have randomised cases: there is nothing to pool. The pooled figures use every count;
 * only the rows shown are suppressed.
 */
export function acrossUnits(byWard: readonly GroupCell<string>[], unitOf: ReadonlyMap<string, string>): AcrossUnits | null {
  const unit = (ward: string) => unitOf.get(ward) ?? "(no BCU)";
  const tables = new Map<string, { eventsT: number; nT: number; eventsC: number; nC: number }>();
  for (const cell of byWard) {
    const key = unit(cell.key);
    const t = tables.get(key) ?? { eventsT: 0, nT: 0, eventsC: 0, nC: 0 };
    if (cell.arm === "SRC") {
      t.eventsT += cell.attrition;
      t.nT += cell.analysed;
    } else {
      t.eventsC += cell.attrition;
      t.nC += cell.analysed;
    }
    tables.set(key, t);
  }
  if (tables.size < 2) return null;
  const result = analysePooledTrials([...tables.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([label, t]) => ({ label, ...t })));
  return { rows: breakdown(byWard, (ward) => [unit(ward)]), result, reading: reading(result) };
}

function reading(r: PooledTrialsResult): string {
  const rr = r.riskRatio;
  if (rr.estimate === null || rr.lower === null || rr.upper === null) {
    return `Not enough to pool yet: ${rr.undefinedReason ?? "needs attrition outcomes in both arms of at least one BCU"}.`;
  }
  const p = r.cmhCorrected.p;
  const pooled = `Across ${r.trialsPooled} BCUs (Mantel-Haenszel, stratified by BCU): attrition risk ratio ${ratio(rr.estimate)} (95% CI ${ratio(rr.lower)}–${ratio(rr.upper)})${p === null ? "" : `, CMH ${formatP(p)}`}.`;
  return `${pooled} ${r.homogeneity.reading}`;
}
