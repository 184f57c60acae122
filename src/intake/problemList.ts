import type { Problem } from "./problem.js";

/** How many problems a report lists in full: a file of garbage cannot fill memory, and the total is still counted. */
export const PROBLEMS_LISTED = 1_000;

/** The first PROBLEMS_LISTED problems by row, and how many there were in all. */
export class ProblemList {
  private readonly kept: Problem[] = [];
  private total = 0;

  /** One batch's problems, in any order; every row of the batch comes after the rows of earlier batches. */
  add(problems: readonly Problem[]): void {
    this.total += problems.length;
    const room = PROBLEMS_LISTED - this.kept.length;
    if (room > 0) this.kept.push(...[...problems].sort((a, b) => a.row - b.row).slice(0, room));
  }

  get count(): number {
    return this.total;
  }

  /** Sorted by row. */
  get listed(): Problem[] {
    return [...this.kept];
  }
}
