import { distance } from "fastest-levenshtein";

/**
 * Up to `limit` known codes closest to `value` by edit distance (case-insensitive), nearest first,
 * ties in code order. Only codes within a third of the value's length (at least 1 edit) are offered:
 * a far-off suggestion would invite the HCOP to map a case to the wrong ward.
 */
export function nearestCodes(value: string, known: readonly string[], limit = 3): string[] {
  const target = value.trim().toUpperCase();
  const maxDistance = Math.max(1, Math.floor(target.length / 3));
  return known
    .map((code) => ({ code, d: distance(target, code.toUpperCase()) }))
    .filter(({ d }) => d <= maxDistance)
    .sort((a, b) => a.d - b.d || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .slice(0, limit)
    .map(({ code }) => code);
}
