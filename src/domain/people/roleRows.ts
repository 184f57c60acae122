import { parseEntraObjectId } from "./entraId.js";
import { isRole, ROLES, SCOPED_ROLES } from "./roles.js";
import type { RoleGrant } from "./roleService.js";

/**
 * A role file's columns, named by header, never by position. `bcu` holds an HCOP's or inspector's role for that BCU
 * only; empty (or no such column), the role is force-wide.
 */
export const ROLE_COLUMNS = { required: ["aad_object_id", "role"], optional: ["display_name", "bcu"] } as const;
const KNOWN: readonly string[] = [...ROLE_COLUMNS.required, ...ROLE_COLUMNS.optional];
const NAME_LIMIT = 100;

/** One thing wrong with a role file, at the line of the file it is on. */
export interface RoleRowProblem {
  line: number;
  column?: string;
  value?: string;
  expected: string;
}

/** A CSV record as read, with the file line it ends on (a quoted field may span lines). */
export interface RoleFileRecord {
  line: number;
  cells: readonly string[];
}

export function formatRoleProblem(p: RoleRowProblem): string {
  const column = p.column ? `, ${p.column}` : "";
  const value = p.value === undefined ? "" : p.value === "" ? ": empty" : `: ${JSON.stringify(p.value)}`;
  return `line ${p.line}${column}${value} — expected ${p.expected}`;
}

/** Validates a whole role file; the caller writes nothing unless `problems` is empty. */
export function validateRoleFile(header: RoleFileRecord | undefined, records: readonly RoleFileRecord[]): { grants: (RoleGrant & { line: number })[]; problems: RoleRowProblem[] } {
  if (!header) return { grants: [], problems: [{ line: 1, expected: `a header line: ${KNOWN.join(",")}` }] };
  const columns = header.cells.map((c) => c.trim().toLowerCase());
  const problems = checkHeader(columns, header.line);
  if (problems.length > 0) return { grants: [], problems };
  const grants: (RoleGrant & { line: number })[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of records) {
    if (cells.length !== columns.length) {
      problems.push({ line, expected: `${columns.length} fields, as in the header (found ${cells.length})` });
      continue;
    }
    const get = (column: string) => (cells[columns.indexOf(column)] ?? "").trim();
    const rowProblems: RoleRowProblem[] = [];
    const idText = get("aad_object_id");
    const aadObjectId = parseEntraObjectId(idText);
    if (!aadObjectId) rowProblems.push({ line, column: "aad_object_id", value: idText, expected: "the person's Entra object id (a GUID)" });
    const roleText = get("role");
    const role = roleText.toLowerCase();
    if (!isRole(role)) rowProblems.push({ line, column: "role", value: roleText, expected: `one of ${ROLES.join(", ")}` });
    const displayName = columns.includes("display_name") ? get("display_name") : "";
    if (displayName.length > NAME_LIMIT) rowProblems.push({ line, column: "display_name", expected: `at most ${NAME_LIMIT} characters` });
    const bcu = columns.includes("bcu") ? get("bcu") : "";
    if (bcu && isRole(role) && !SCOPED_ROLES.includes(role)) rowProblems.push({ line, column: "bcu", value: bcu, expected: `no BCU for the ${role} role: only ${SCOPED_ROLES.join(" and ")} roles are held for one BCU` });
    if (rowProblems.length > 0 || !aadObjectId || !isRole(role)) {
      problems.push(...rowProblems);
      continue;
    }
    const key = `${aadObjectId} ${role} ${bcu}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ line, expected: `each person, role and BCU once: the same as line ${first}` });
      continue;
    }
    seen.set(key, line);
    grants.push({ line, aadObjectId, role, ...(bcu ? { bcu } : {}), ...(displayName ? { displayName } : {}) });
  }
  return { grants, problems };
}

function checkHeader(columns: readonly string[], line: number): RoleRowProblem[] {
  const problems: RoleRowProblem[] = [];
  for (const column of ROLE_COLUMNS.required) {
    if (!columns.includes(column)) problems.push({ line, column, expected: `a "${column}" column` });
  }
  columns.forEach((column, index) => {
    if (columns.indexOf(column) !== index) problems.push({ line, column, expected: "each column once" });
    else if (column === "scope") problems.push({ line, column, expected: 'the column "bcu" for a role held in one BCU' });
    else if (!KNOWN.includes(column)) problems.push({ line, column, value: column, expected: `only the columns ${KNOWN.join(", ")}` });
  });
  return problems;
}
