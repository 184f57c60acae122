import { createHash } from "node:crypto";
import type { HashableAllocation } from "./listHash.js";

/** The chain's starting value, before any allocation. */
export const EMPTY_CHAIN = "0".repeat(64);

/**
 * A hash chained over randomised allocations in the order they were made: each link is
 * SHA-256(previous link + canonical line). Stored on the trial after every allocation, it proves the recorded list is
 * the one that was made: an edited, deleted, inserted or reordered allocation changes every later link.
 */
export function chainAllocations(previous: string, entries: readonly HashableAllocation[]): string {
  let link = previous;
  for (const e of entries) {
    const line = JSON.stringify([e.algorithmVersion, e.stratum, e.index, e.arm, e.blockNumber, e.positionInBlock]);
    link = createHash("sha256").update(`${link}\n${line}`, "utf8").digest("hex");
  }
  return link;
}
