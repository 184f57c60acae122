import { describe, expect, it } from "vitest";
import { validateWardRows } from "../../../src/domain/wards/wardRows.js";
import { DEFAULT_BCU, planWardUnits, unitTree } from "../../../src/domain/wards/units.js";
import type { Ward } from "../../../src/domain/wards/ward.js";

const rows = (csv: string) => {
  const [header, ...lines] = csv.trim().split("\n");
  const names = header!.split(",");
  return lines.map((line) => Object.fromEntries(line.split(",").map((v, i) => [names[i]!, v])));
};

describe("validateWardRows: the bcu column", () => {
  it("reads each row's BCU, and leaves it undefined for a file without the column", () => {
    const withBcu = validateWardRows(rows("code,name,borough,bcu\nE1A,Abbey,Merton,South  West\nE1B,Brook,Merton,South West"));
    expect(withBcu.problems).toEqual([]);
    expect(withBcu.wards.map((w) => [w.code, w.bcu, w.row])).toEqual([["E1A", "South West", 1], ["E1B", "South West", 2]]);
    const without = validateWardRows(rows("code,name,borough\nE1A,Abbey,Merton"));
    expect(without.wards[0]!.bcu).toBeUndefined();
  });

  it("refuses a blank BCU in a file that has the column (an unknown BCU, not the default)", () => {
    const { problems } = validateWardRows(rows("code,name,borough,bcu\nE1A,Abbey,Merton,South West\nE1B,Brook,Merton, "));
    expect(problems).toEqual([{ row: 2, column: "bcu", value: "", expected: expect.stringContaining("every row names one") }]);
  });

  it("refuses a second spelling of one BCU", () => {
    const { problems } = validateWardRows(rows("code,name,borough,bcu\nE1A,Abbey,Merton,South West\nE1B,Brook,Kingston,south west"));
    expect(problems).toEqual([{ row: 2, column: "bcu", value: "south west", expected: '"South West", as row 1 spells it (one BCU, one spelling)' }]);
  });

  it("calls out a ward on two rows in two BCUs", () => {
    const { problems } = validateWardRows(rows("code,name,borough,bcu\nE1A,Abbey,Merton,South West\nE1A,Abbey,Merton,Central"));
    expect(problems).toContainEqual({ row: 2, column: "code", value: "E1A", expected: 'a code not already used on row 1 (a ward is in one BCU: row 1 puts it in "South West")' });
  });

  it("lists every row of a borough split across BCUs", () => {
    const { problems } = validateWardRows(rows("code,name,borough,bcu\nE1A,Abbey,Merton,South West\nE1B,Brook,Merton,Central\nE1C,Cole,Kingston,South West\nE1D,Dene,Merton,South West"));
    const expected = 'one BCU for borough "Merton", whose rows name "South West" (rows 1, 4) and "Central" (row 2)';
    expect(problems).toEqual([1, 2, 4].map((row) => ({ row, column: "bcu", value: row === 2 ? "Central" : "South West", expected })));
  });
});

const ward = (code: string, borough: string, bcu: string, mode: Ward["mode"] = "off"): Ward => ({ code, name: code, borough, bcu, enabled: true, mode });

describe("planWardUnits", () => {
  const stored = [ward("E1A", "Merton", DEFAULT_BCU), ward("E1B", "Merton", DEFAULT_BCU), ward("E2A", "Kingston", "South West")];
  const known = [DEFAULT_BCU, "South West"];

  it("without a BCU, a ward keeps its BCU, a new ward takes its borough's, else the default", () => {
    const plan = planWardUnits([{ row: 1, code: "E1A", borough: "Merton", bcu: undefined }, { row: 2, code: "E2B", borough: "Kingston", bcu: undefined }, { row: 3, code: "E3A", borough: "Sutton", bcu: undefined }], stored, known);
    expect(plan.problems).toEqual([]);
    expect([...plan.bcuOf]).toEqual([["E1A", DEFAULT_BCU], ["E2B", "South West"], ["E3A", DEFAULT_BCU]]);
    expect(plan.newBcus).toEqual([]);
  });

  it("moves wards out of the default BCU freely and creates the BCUs a file names", () => {
    const plan = planWardUnits([{ row: 1, code: "E1A", borough: "Merton", bcu: "Central" }, { row: 2, code: "E1B", borough: "Merton", bcu: "Central" }], stored, known);
    expect(plan.problems).toEqual([]);
    expect(plan.newBcus).toEqual(["Central"]);
    expect(plan.moved).toEqual([]);
  });

  it("refuses a variant spelling of a stored BCU", () => {
    const plan = planWardUnits([{ row: 1, code: "E2A", borough: "Kingston", bcu: "SOUTH WEST" }], stored, known);
    expect(plan.problems).toEqual([{ row: 1, column: "bcu", value: "SOUTH WEST", expected: 'a known BCU: "South West" exists, spelled so (a different spelling is not a new BCU)' }]);
  });

  it("refuses a ward leaving a named BCU unless moves are allowed", () => {
    const row = { row: 1, code: "E2A", borough: "Kingston", bcu: "Central" };
    expect(planWardUnits([row], stored, known).problems).toEqual([{ row: 1, column: "bcu", value: "Central", expected: expect.stringContaining('"South West", the ward\'s BCU now') }]);
    const allowed = planWardUnits([row], stored, known, { moveWards: true });
    expect(allowed.problems).toEqual([]);
    expect(allowed.moved).toEqual([{ code: "E2A", from: "South West", to: "Central" }]);
  });

  it("refuses a borough split between the file and the stored wards it leaves alone", () => {
    const plan = planWardUnits([{ row: 1, code: "E1A", borough: "Merton", bcu: "Central" }], stored, known);
    expect(plan.problems).toEqual([{ row: 1, column: "bcu", value: "Central", expected: `one BCU for borough "Merton", which would be split across "${DEFAULT_BCU}" (ward E1B (not in this file)) and "Central" (row 1)` }]);
  });
});

describe("unitTree", () => {
  it("counts wards, bindings, modes and cases at every level", () => {
    const wards = [ward("E1A", "Merton", "South West", "trial"), ward("E1B", "Merton", "South West", "rollout"), ward("E2A", "Kingston", "South West"), ward("E3A", "Camden", "Central", "trial")];
    const binding = (wardCode: string, status: "active" | "broken") => ({ wardCode, teamId: "t", channelId: "c", serviceUrl: "s", tenantId: "x", conversationRef: "{}", status, boundBy: "a", boundAt: new Date(0) });
    const tree = unitTree(wards, [binding("E1A", "active"), binding("E1B", "broken")], new Map([["E1A", 5], ["E3A", 2]]));
    expect(tree.force).toEqual({ bcus: 2, boroughs: 3, wards: 4, bound: 1, trial: 2, rollout: 1, off: 1, cases: 7 });
    expect(tree.bcus.map((b) => [b.name, b.wards, b.cases, b.boroughs.map((x) => [x.name, x.wards, x.bound])])).toEqual([
      ["Central", 1, 2, [["Camden", 1, 0]]],
      ["South West", 3, 5, [["Kingston", 1, 0], ["Merton", 2, 1]]],
    ]);
  });
});
