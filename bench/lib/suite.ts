import type { Databases } from "./databases.js";
import type { BenchOptions } from "./options.js";
import type { Section } from "./report.js";

export interface SuiteContext {
  options: BenchOptions;
  databases: Databases;
  /** Progress on stderr: a full run takes a while. */
  log(message: string): void;
}

export type Suite = (ctx: SuiteContext) => Promise<Section>;

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
