/**
 * Thrown when a statistics function is given input it cannot analyse. `argument` names the offending
 * input in the CLI's spelling (e.g. "events-t") so the caller can point the analyst at the right flag
 * instead of echoing a stack trace.
 */
export class StatsInputError extends Error {
  override readonly name = "StatsInputError";

  constructor(
    readonly argument: string,
    message: string,
  ) {
    super(`${argument}: ${message}`);
  }
}
