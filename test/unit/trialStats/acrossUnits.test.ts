import { describe, expect, it } from "vitest";
import { acrossUnits } from "../../../src/domain/trialStats/acrossUnits.js";
import type { GroupCell } from "../../../src/domain/trialStats/counts.js";

const cell = (key: string, arm: "SRC" | "BAU", analysed: number, attrition: number): GroupCell<string> => ({ key, arm, cases: analysed + 2, delivered: arm === "SRC" ? analysed : 0, analysed, attrition });

// Two BCUs, each split over two wards: South West SRC 10/50 v BAU 15/50, Central East SRC 12/60 v BAU 20/58.
const BY_WARD = [
  cell("E05000001", "SRC", 30, 6), cell("E05000002", "SRC", 20, 4), cell("E05000001", "BAU", 25, 8), cell("E05000002", "BAU", 25, 7),
  cell("E05009001", "SRC", 60, 12), cell("E05009001", "BAU", 58, 20),
];
const UNITS = new Map([["E05000001", "South West"], ["E05000002", "South West"], ["E05009001", "Central East"]]);

describe("attrition pooled across BCUs", () => {
  it("sums each BCU's wards into one stratum and matches R (MH risk ratio, Greenland-Robins CI, mantelhaen.test)", () => {
    const pooled = acrossUnits(BY_WARD, UNITS)!;
    expect(pooled.result.trials.map((t) => [t.label, t.eventsT, t.nT, t.eventsC, t.nC])).toEqual([["Central East", 12, 60, 20, 58], ["South West", 10, 50, 15, 50]]);
    // R: sum(a*n0/N)/sum(c*n1/N), exp(log(rr) ± qnorm(.975)*sqrt(GR variance)), mantelhaen.test(t)$p.value
    expect(pooled.result.riskRatio.estimate).toBeCloseTo(0.6167865707, 8);
    expect(pooled.result.riskRatio.lower).toBeCloseTo(0.3884708862, 8);
    expect(pooled.result.riskRatio.upper).toBeCloseTo(0.9792900507, 8);
    expect(pooled.result.cmhCorrected.p).toBeCloseTo(0.0542351011, 8);
    expect(pooled.reading).toMatch(/^Across 2 BCUs \(Mantel-Haenszel, stratified by BCU\): attrition risk ratio 0\.62 \(95% CI 0\.39–0\.98\), CMH p = 0\.054\. /);
    expect(pooled.rows.map((r) => [r.key, r.attritionSrc, r.analysedSrc])).toEqual([["Central East", 12, 60], ["South West", 10, 50]]);
  });

  it("has nothing to pool within one BCU", () => {
    expect(acrossUnits(BY_WARD.filter((c) => UNITS.get(c.key) === "South West"), UNITS)).toBeNull();
  });

  it("suppresses a BCU's small counts in the rows shown, but pools every count", () => {
    const small = [...BY_WARD, cell("E05011111", "SRC", 3, 1), cell("E05011111", "BAU", 4, 2)];
    const pooled = acrossUnits(small, new Map([...UNITS, ["E05011111", "North"]]))!;
    expect(pooled.rows.find((r) => r.key === "North")).toMatchObject({ attritionSrc: "<5", analysedSrc: "<5" });
    expect(pooled.result.trials.find((t) => t.label === "North")).toMatchObject({ eventsT: 1, nT: 3, eventsC: 2, nC: 4 });
  });
});
