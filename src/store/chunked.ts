/** Splits a list into slices of at most `size`: bulk statements stay under the databases' parameter limits. */
export function* chunked<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/**
 * Rows per multi-row INSERT written as raw SQL. Prisma's createMany is 3–5× slower for bulk rows (on SQLite it splits
 * them into statements of 99 rows, and plans every row in its query compiler). Not more: Prisma's debug history keeps
 * the arguments of its last 100 calls, even with logging off, so 500-row statements alone held ~100 MiB of heap.
 */
export const BULK_ROWS = 100;
