import { cruise, type ICruiseResult } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";
import { beforeAll, describe, expect, it } from "vitest";

// The layer rules of docs/ARCHITECTURE.md, as .dependency-cruiser.cjs states them, checked on the real source tree.

const ROOTS = ["src", "scripts", "bench", "prisma"];

let result: ICruiseResult;
beforeAll(async () => {
  const options = await extractDepcruiseOptions("./.dependency-cruiser.cjs");
  const reporting = await cruise(ROOTS, { ...options, validate: true }, undefined, { tsConfig: extractTSConfig("tsconfig.json") });
  result = reporting.output as ICruiseResult;
}, 120_000);

const violations = (rule: string) =>
  result.summary.violations.filter((v) => v.rule.name === rule).map((v) => [v.from, v.to, ...(v.cycle ?? []).map((c) => c.name)].join(" → "));

describe("architecture", () => {
  it("cruises the whole tree", () => {
    expect(result.summary.totalCruised).toBeGreaterThan(300);
  });

  it.each(["no-cycles", "pure-domain-and-stats", "stats-depend-on-nothing", "teams-through-services", "handlers-see-services-only", "no-dead-modules"])("has no %s violation", (rule) => {
    expect(violations(rule)).toEqual([]);
  });

  it("knows every rule it checks", () => {
    expect(result.summary.ruleSetUsed?.forbidden?.map((r) => r.name).sort()).toEqual(["handlers-see-services-only", "no-cycles", "no-dead-modules", "pure-domain-and-stats", "stats-depend-on-nothing", "teams-through-services"]);
  });
});
