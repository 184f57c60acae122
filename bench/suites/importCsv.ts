import type { Section } from "../lib/report.js";
import type { SuiteContext } from "../lib/suite.js";

export async function importCsv(_ctx: SuiteContext): Promise<Section> {
  return { title: "importCsv", method: "", figures: "", targets: [] };
}
