import { StatsInputError } from "../stats/index.js";
import { CliInputError } from "./context.js";

/**
 * Runs a statistics function and re-words its StatsInputError for the command line: the stats module names inputs in
 * CLI spelling, but a few differ from the calling command's option names (`optionNames` maps them).
 */
export function explained<T>(work: () => T, optionNames: Readonly<Record<string, string>> = {}): T {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof StatsInputError)) throw error;
    const detail = error.message.slice(`${error.argument}: `.length);
    throw new CliInputError(`--${optionNames[error.argument] ?? error.argument}: ${detail}`);
  }
}
