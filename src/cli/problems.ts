import type { Problem } from "../intake/index.js";

/** "row 3, reported_at: "31/02/2024" — expected …": the same wording in the CLI, the API and chat. */
export function formatIntakeProblem(p: Problem): string {
  const where = p.row === 0 ? "header" : `row ${p.row}`;
  const column = p.column ? `, ${p.column}` : "";
  const value = p.value !== undefined ? `: ${JSON.stringify(p.value)}` : "";
  return `${where}${column}${value} — expected ${p.expected}`;
}
