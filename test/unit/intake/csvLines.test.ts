import fc from "fast-check";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { createLineGuard, faultIn, guardCsvLines } from "../../../src/intake/csvLines.js";

function guardAll(chunks: readonly string[], maxLineLength = 100): string {
  const guard = createLineGuard(maxLineLength);
  return chunks.map((c) => guard.push(c)).join("") + guard.end();
}

describe("faultIn", () => {
  it("accepts well-formed quoting", () => {
    for (const line of ["a,b,c", '"a",b,"c"', '"a,b",c', '"say ""hi""",x', '"",,', "", "a b,c"]) {
      expect(faultIn(line), line).toBeUndefined();
    }
  });

  it("finds a quote left open", () => {
    expect(faultIn('1234567/24,"01/03/2024 10:00,E05000100')).toBe("unclosed-quote");
    expect(faultIn('"a""')).toBe("unclosed-quote");
  });

  it("finds a quote inside an unquoted field or text after a closing quote", () => {
    expect(faultIn('12"34,b')).toBe("stray-quote");
    expect(faultIn('"ab"c,d')).toBe("stray-quote");
    expect(faultIn(' "a",b')).toBe("stray-quote");
  });

  it("finds NUL characters", () => {
    expect(faultIn("a\u0000b,c")).toBe("binary");
  });

  it("agrees with csv-parse's strict reading of a single line", () => {
    const line = fc.string({ unit: fc.constantFrom("a", ",", '"', " "), maxLength: 12 });
    fc.assert(
      fc.property(line, (text) => {
        let csvParseAccepts = true;
        try {
          parse(text, { relax_column_count: true });
        } catch {
          csvParseAccepts = false;
        }
        expect(faultIn(text) === undefined).toBe(csvParseAccepts);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("createLineGuard", () => {
  it("ends every line with \\n, drops CR and a leading BOM, and marks broken lines", () => {
    expect(guardAll(["\uFEFFh1,h2\r\na,b\r\n", '"x,y\nlast'])).toBe("h1,h2\na,b\n\u0000unclosed-quote\nlast\n");
  });

  it("marks a line longer than the limit without keeping it", () => {
    expect(guardAll(["ok\n", "x".repeat(30), "x".repeat(30), "\nnext\n"], 40)).toBe("ok\n\u0000too-long\nnext\n");
    expect(guardAll(["x".repeat(50)], 40)).toBe("\u0000too-long\n");
  });

  it("gives the same lines however the input is chunked", () => {
    const text = fc.string({ unit: fc.constantFrom("a", ",", '"', "\n", "\r\n", "é"), maxLength: 60 });
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 6 }), (input, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((from, i) => input.slice(from, [...points, input.length][i]));
        expect(guardAll(chunks)).toBe(guardAll([input]));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("guardCsvLines", () => {
  it("decodes UTF-8 split across byte chunks", async () => {
    const bytes = Buffer.from("a,Café\nb,naïve\n", "utf8");
    const chunks = Array.from(bytes, (byte) => Buffer.from([byte]));
    let out = "";
    for await (const text of guardCsvLines(asyncOf(chunks), 100)) out += text;
    expect(out).toBe("a,Café\nb,naïve\n");
  });
});

async function* asyncOf<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}
