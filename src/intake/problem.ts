/**
 * One thing wrong with an intake file or body. `row` is the data row (1-based; the header is row 0).
 * `column` is absent when the whole row is at fault (broken CSV structure). `value` echoes the cell
 * only for non-sensitive columns: it is never set for strands or for refused personal-data columns,
 * so a problem list can be shown to the uploader or logged without leaking victim data.
 */
export interface Problem {
  row: number;
  column?: string;
  value?: string;
  expected: string;
}

export type RowResult<T> = { row: number; ok: true; record: T } | { row: number; ok: false; problems: Problem[] };

/** Reads one cell: the value, or undefined after adding the reason to `problems`. */
export type CellCheck<T> = (raw: string | undefined, row: number, problems: Problem[]) => T | undefined;

/**
 * The file (or JSON body) cannot be read at all: its header or overall shape is wrong, or it carries
 * victim personal data. Raised rather than reported per row because no row can be trusted.
 */
export class IntakeHeaderError extends Error {
  override readonly name = "IntakeHeaderError";

  constructor(
    readonly problems: readonly Problem[],
    message = summarise(problems),
  ) {
    super(message);
  }
}

function summarise(problems: readonly Problem[]): string {
  const parts = problems.map((p) => (p.column === undefined ? p.expected : `${p.column}: ${p.expected}`));
  return `intake rejected: ${parts.join("; ")}`;
}

/** Cell values are echoed truncated so that a mis-shifted export cannot paste a long narrative into a log. */
export const ECHO_LIMIT = 40;

export function echo(value: string): string {
  return value.length > ECHO_LIMIT ? `${value.slice(0, ECHO_LIMIT)}…` : value;
}

/** 'row 3, reported_at: "31/02/2024" — expected …': the one wording for the CLI, the API and chat. */
export function formatProblem(p: Problem): string {
  const where = p.row === 0 ? "header" : `row ${p.row}`;
  const column = p.column ? `, ${p.column}` : "";
  const value = p.value === undefined ? "" : p.value === "" ? ": empty" : `: ${JSON.stringify(p.value)}`;
  return `${where}${column}${value} — expected ${p.expected}`;
}
