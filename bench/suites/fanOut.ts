import type { Section } from "../lib/report.js";
import type { SuiteContext } from "../lib/suite.js";

export async function fanOut(_ctx: SuiteContext): Promise<Section> {
  return { title: "fanOut", method: "", figures: "", targets: [] };
}
