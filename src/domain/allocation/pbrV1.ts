/**
 * pbr-v1: permuted blocks of mixed sizes, one independent random stream per stratum.
 *
 * Derivation (an external verifier can re-implement it from this comment alone):
 *   1. key = lower-case hex SHA-256 of the UTF-8 text JSON.stringify(["pbr-v1", seed, stratum]).
 *   2. rng = seedrandom(key), the library's default ARC4 generator; each draw u = rng() is in [0, 1).
 *   3. For each block, in order:
 *        a. size = blockSizes[floor(u * blockSizes.length)], blockSizes in the configured order;
 *        b. arms = (size / (src + bau)) × src "SRC" followed by (size / (src + bau)) × bau "BAU";
 *        c. Fisher–Yates: for i = size − 1 down to 1, j = floor(u * (i + 1)), swap arms[i] and arms[j].
 *
 * Why hash rather than seed seedrandom with `${seed}:${stratum}` directly: seedrandom folds each
 * character code modulo 256 and repeats short keys cyclically, so seedrandom("A") equals
 * seedrandom("Ł") and seedrandom("ab") equals seedrandom("abab"); and a plain separator is ambiguous
 * when the seed or stratum contains it. The JSON array is unambiguous and the digest has fixed length.
 * Because the key depends only on the seed and the stratum name, a new stratum never changes the
 * sequence of an existing one.
 */
import { createHash } from "node:crypto";
import seedrandom from "seedrandom";
import { ratioTotal, type AllocationParams, type Arm } from "./types.js";

const VERSION = "pbr-v1";

export function pbrV1StreamKey(seed: string, stratum: string): string {
  return createHash("sha256").update(JSON.stringify([VERSION, seed, stratum]), "utf8").digest("hex");
}

export function pbrV1Blocks(params: AllocationParams, stratum: string): () => readonly Arm[] {
  const rng = seedrandom(pbrV1StreamKey(params.seed, stratum));
  const draw = (n: number): number => Math.floor(rng() * n);
  const { blockSizes, ratio } = params;
  return () => {
    const size = blockSizes[draw(blockSizes.length)] as number;
    const srcCount = (size / ratioTotal(ratio)) * ratio.src;
    const arms: Arm[] = [];
    for (let i = 0; i < size; i++) arms.push(i < srcCount ? "SRC" : "BAU");
    for (let i = size - 1; i > 0; i--) {
      const j = draw(i + 1);
      const swapped = arms[i] as Arm;
      arms[i] = arms[j] as Arm;
      arms[j] = swapped;
    }
    return arms;
  };
}
