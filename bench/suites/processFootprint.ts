import type { Section } from "../lib/report.js";
import type { SuiteContext } from "../lib/suite.js";

export async function processFootprint(_ctx: SuiteContext): Promise<Section> {
  return { title: "processFootprint", method: "", figures: "", targets: [] };
}
