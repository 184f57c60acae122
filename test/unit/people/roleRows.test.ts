import { describe, expect, it } from "vitest";
import { formatRoleProblem, validateRoleFile, type RoleFileRecord } from "../../../src/domain/people/roleRows.js";

const ID = "00000000-0000-4000-8000-00000000000A";
const records = (...rows: string[][]): RoleFileRecord[] => rows.map((cells, i) => ({ line: i + 2, cells }));
const problems = (header: string[] | undefined, ...rows: string[][]) =>
  validateRoleFile(header && { line: 1, cells: header }, records(...rows)).problems.map(formatRoleProblem);

describe("role file rows", () => {
  it("reads columns by name in any order and case, and keeps ids lower-case", () => {
    const { grants, problems: found } = validateRoleFile({ line: 1, cells: [" Role ", "Display_Name", "AAD_OBJECT_ID"] }, records(["Officer", " Olu ", ID], ["hcop", "", ID]));
    expect(found).toEqual([]);
    expect(grants).toEqual([
      { line: 2, aadObjectId: ID.toLowerCase(), role: "officer", displayName: "Olu" },
      { line: 3, aadObjectId: ID.toLowerCase(), role: "hcop" },
    ]);
  });

  it("refuses a file without a header, or with a missing, repeated, unknown or scope column, before reading rows", () => {
    expect(problems(undefined)).toEqual(["line 1 — expected a header line: aad_object_id,role,display_name,bcu"]);
    expect(problems(["aad_object_id", "role", "role"], [ID, "officer", "officer"])).toEqual(["line 1, role — expected each column once"]);
    expect(problems(["role", "scope"])).toEqual([
      'line 1, aad_object_id — expected a "aad_object_id" column',
      'line 1, scope — expected the column "bcu" for a role held in one BCU',
    ]);
  });

  it("names every bad line: id, role, name length, field count and duplicates (across id case)", () => {
    expect(problems(["aad_object_id", "role", "display_name"], [ID, "officer", "x".repeat(101)], [ID, "officer", ""], [ID.toLowerCase(), "OFFICER", ""], ["", "", ""], [ID])).toEqual([
      "line 2, display_name — expected at most 100 characters",
      "line 4 — expected each person, role and BCU once: the same as line 3",
      "line 5, aad_object_id: empty — expected the person's Entra object id (a GUID)",
      "line 5, role: empty — expected one of admin, hcop, inspector, supervisor, officer",
      "line 6 — expected 3 fields, as in the header (found 1)",
    ]);
  });
});
