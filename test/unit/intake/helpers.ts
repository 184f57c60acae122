import type { Problem, RowResult } from "../../../src/intake/index.js";

export const WARDS = ["E05000100", "E05000101", "E05000150", "E05000230", "E05000411"];

export async function collect<T>(results: AsyncIterable<RowResult<T>>): Promise<RowResult<T>[]> {
  const all: RowResult<T>[] = [];
  for await (const result of results) all.push(result);
  return all;
}

export function problemsOf<T>(results: readonly RowResult<T>[]): Problem[] {
  return results.flatMap((r) => (r.ok ? [] : r.problems));
}

export function csv(...lines: string[]): string[] {
  return [lines.map((l) => `${l}\n`).join("")];
}

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}
