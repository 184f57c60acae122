import type { CaseIntakeOptions, CaseRecord } from "./caseRecord.js";
import { CASE_COLUMNS } from "./caseRecord.js";
import { createCaseValidator } from "./caseValidator.js";
import { PERSONAL_DATA_REFUSAL, looksLikePersonalData, normaliseColumnName } from "./columnNames.js";
import { DEFAULT_MAX_ROWS } from "./intakeOptions.js";
import type { Problem, RowResult } from "./problem.js";
import { IntakeHeaderError } from "./problem.js";
import { isWellFormedText } from "../domain/wellFormedText.js";

const KNOWN: readonly string[] = CASE_COLUMNS;
const STRANDS_TYPE = "invalid strand value: a string or an array of strings";

/**
 * Validates a JSON intake body: an array of objects keyed like the CSV columns (row = 1-based array
 * index). Values may be strings, numbers or null; `strands` may also be an array of strings. Throws
 * IntakeHeaderError when the body is not an array, is too long, or any object carries a
 * personal-data field; other faults are reported on their row.
 */
export function validateCaseObjects(items: unknown, options: CaseIntakeOptions): RowResult<CaseRecord>[] {
  if (!Array.isArray(items)) throw new IntakeHeaderError([{ row: 0, expected: "a JSON array of case objects" }]);
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  if (items.length > maxRows) throw new IntakeHeaderError([{ row: 0, expected: `at most ${maxRows} cases in one request` }]);
  const refused = items.flatMap((item, index) =>
    isObject(item)
      ? Object.keys(item)
          .filter(looksLikePersonalData)
          .map((column): Problem => ({ row: index + 1, column, expected: PERSONAL_DATA_REFUSAL }))
      : [],
  );
  if (refused.length > 0) throw new IntakeHeaderError(refused);

  const validate = createCaseValidator(options);
  const allowed = new Set((options.allowedExtraColumns ?? []).map(normaliseColumnName));
  return items.map((item, index) => {
    const row = index + 1;
    if (!isObject(item)) {
      return { row, ok: false, problems: [{ row, expected: `an object with the fields ${KNOWN.join(", ")}` }] };
    }
    const shapeProblems: Problem[] = [];
    const fields: Partial<Record<string, string>> = {};
    const seen = new Set<string>();
    for (const [key, value] of Object.entries(item)) {
      const name = normaliseColumnName(key);
      if (!KNOWN.includes(name)) {
        if (!allowed.has(name)) shapeProblems.push({ row, column: key, expected: `one of the fields ${KNOWN.join(", ")}` });
      } else if (seen.has(name)) {
        shapeProblems.push({ row, column: key, expected: "each field once" });
      } else if (name !== "strands" || options.storeStrands === true) {
        const text = asText(value, name === "strands");
        if (text !== undefined && !isWellFormedText(text)) shapeProblems.push({ row, column: name, expected: "text without broken characters (half of a UTF-16 surrogate pair)" });
        else if (text !== undefined) fields[name] = text;
        else shapeProblems.push({ row, column: name, expected: name === "strands" ? STRANDS_TYPE : "a string" });
      }
      seen.add(name);
    }
    const result = validate(fields, row);
    if (shapeProblems.length === 0) return result;
    // A field of the wrong type is reported once, not again as missing.
    const reported = new Set(shapeProblems.map((p) => p.column));
    const fieldProblems = result.ok ? [] : result.problems.filter((p) => !reported.has(p.column));
    return { row, ok: false, problems: [...shapeProblems, ...fieldProblems] };
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asText(value: unknown, listAllowed: boolean): string | undefined {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (listAllowed && Array.isArray(value) && value.every((v) => typeof v === "string")) return value.join(";");
  return undefined;
}
