import type { Section } from "../lib/report.js";
import type { SuiteContext } from "../lib/suite.js";

export async function allocation(_ctx: SuiteContext): Promise<Section> {
  return { title: "allocation", method: "", figures: "", targets: [] };
}
