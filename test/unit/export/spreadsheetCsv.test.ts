import { text } from "node:stream/consumers";
import fc from "fast-check";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { spreadsheetCsv } from "../../../src/export/spreadsheetCsv.js";

async function written(rows: string[][]): Promise<string> {
  const csv = spreadsheetCsv(["a", "b"]);
  const out = text(csv);
  for (const row of rows) csv.write(row);
  csv.end();
  return out;
}

const FORMULA_START = /^[=+\-@\t\r]/;

describe("spreadsheetCsv", () => {
  it("puts a quote before each formula trigger and leaves other text alone", async () => {
    const out = await written([
      ["=1+1", "+1"],
      ["-1", "@A1"],
      ["\t=1", "\r=1"],
      ["Kingston, upon Thames", 'say "hi"'],
      ["E05000001", "2024-04-02T09:00:00.000Z"],
    ]);
    expect(parse(out, { columns: true })).toEqual([
      { a: "'=1+1", b: "'+1" },
      { a: "'-1", b: "'@A1" },
      { a: "'\t=1", b: "'\r=1" },
      { a: "Kingston, upon Thames", b: 'say "hi"' },
      { a: "E05000001", b: "2024-04-02T09:00:00.000Z" },
    ]);
    expect(out.split("\n")[0]).toBe("a,b");
  });

  it("never writes a cell a spreadsheet would read as a formula, and keeps every other value as it was", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 20 }), async (rows) => {
        const back = parse(await written(rows), { columns: true, relax_quotes: false }) as { a: string; b: string }[];
        expect(back).toHaveLength(rows.length);
        back.forEach((row, i) => {
          [row.a, row.b].forEach((cell, j) => {
            const original = rows[i]![j]!;
            expect(cell).not.toMatch(FORMULA_START);
            expect(cell).toBe(FORMULA_START.test(original) ? `'${original}` : original);
          });
        });
      }),
      { numRuns: 300 },
    );
  });
});
