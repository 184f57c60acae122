import { distance } from "fastest-levenshtein";

/** The known codes nearest to a mistyped one (at most `limit`), for "did you mean" messages. */
export function nearestCodes(code: string, known: readonly string[], limit = 3): string[] {
  const target = code.trim().toUpperCase();
  // Farther than a third of the code's length is a different code, not a typo.
  const maxDistance = Math.max(2, Math.ceil(target.length / 3));
  const near = known
    .map((candidate) => ({ candidate, d: distance(target, candidate.toUpperCase()) }))
    .filter(({ d }) => d <= maxDistance)
    .sort((a, b) => a.d - b.d || a.candidate.localeCompare(b.candidate));
  // Only the best matches: a code two edits worse than the nearest is noise in a "did you mean".
  const best = near[0]?.d ?? 0;
  return near.filter(({ d }) => d <= best + 1).slice(0, limit).map(({ candidate }) => candidate);
}

export function unknownWardMessage(code: string, known: readonly string[]): string {
  const near = nearestCodes(code, known);
  const hint = near.length > 0 ? ` Did you mean ${near.join(", ")}?` : known.length === 0 ? " No wards are loaded yet: import them with `reassure wards import <file.csv>`." : "";
  return `Unknown ward code "${code}".${hint}`;
}
