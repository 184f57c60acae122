import { stringify, type Stringifier } from "csv-stringify";

/**
 * The one way Reassure writes a file a spreadsheet may open. Every text cell that begins with `=`, `+`, `-`, `@`, tab
 * or carriage return gets a leading `'` (OWASP "CSV injection"): ward names, boroughs and contact notes are free text,
 * and Excel runs `=HYPERLINK(…)` whatever the RFC 4180 quoting. The price is that such a value reads back with the
 * quote; no column we export legitimately starts with one of these characters.
 */
export function spreadsheetCsv(columns: readonly string[]): Stringifier {
  return stringify({ header: true, columns: [...columns], escape_formulas: true, record_delimiter: "unix" });
}
