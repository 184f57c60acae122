/** Splits a list into slices of at most `size`: bulk statements stay under the databases' parameter limits. */
export function* chunked<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
