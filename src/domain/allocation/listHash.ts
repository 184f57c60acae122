import { createHash } from "node:crypto";
import type { RecordedAllocation } from "./types.js";

export type HashableAllocation = Pick<
  RecordedAllocation,
  "algorithmVersion" | "stratum" | "index" | "arm" | "blockNumber" | "positionInBlock"
>;

/**
 * One line per allocation, JSON.stringify([algorithmVersion, stratum, index, arm, blockNumber,
 * positionInBlock]) followed by "\n", sorted by stratum (UTF-16 code units, not locale), then index,
 * then the line itself so that even duplicates order the same way whatever order they were read in.
 */
export function canonicalAllocationList(entries: readonly HashableAllocation[]): string {
  return entries
    .map((e) => ({
      e,
      line: JSON.stringify([e.algorithmVersion, e.stratum, e.index, e.arm, e.blockNumber, e.positionInBlock]),
    }))
    .sort((a, b) => compare(a.e.stratum, b.e.stratum) || a.e.index - b.e.index || compare(a.line, b.line))
    .map(({ line }) => `${line}\n`)
    .join("");
}

/** Lower-case hex SHA-256 of the canonical list (UTF-8). */
export function hashAllocationList(entries: readonly HashableAllocation[]): string {
  return createHash("sha256").update(canonicalAllocationList(entries), "utf8").digest("hex");
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
