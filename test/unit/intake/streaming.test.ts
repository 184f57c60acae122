import { describe, expect, it } from "vitest";
import { demoCaseLines, generateDemoData, parseCaseCsv } from "../../../src/intake/index.js";

const ROWS = 20_000;

describe("parseCaseCsv streaming", () => {
  it("yields results while the source is still being read, and reads all 20,000 rows", async () => {
    const known = generateDemoData({ seed: "stream", days: 1 }).wardsCsv.trim().split("\n").slice(1).map((l) => l.split(",")[0] ?? "");
    let linesPulled = 0;
    let sourceFinished = false;
    async function* source(): AsyncGenerator<string> {
      let batch: string[] = [];
      for (const line of demoCaseLines({ seed: "stream", rows: ROWS })) {
        batch.push(line);
        if (batch.length === 50) {
          linesPulled += batch.length;
          yield `${batch.join("\n")}\n`;
          batch = [];
        }
      }
      linesPulled += batch.length;
      if (batch.length > 0) yield `${batch.join("\n")}\n`;
      sourceFinished = true;
    }

    let pulledAtFirstResult: number | undefined;
    let finishedAtFirstResult: boolean | undefined;
    let ok = 0;
    let rows = 0;
    for await (const result of parseCaseCsv(source(), { knownWardCodes: known })) {
      if (pulledAtFirstResult === undefined) {
        pulledAtFirstResult = linesPulled;
        finishedAtFirstResult = sourceFinished;
      }
      rows += 1;
      if (result.ok) ok += 1;
    }
    expect(finishedAtFirstResult).toBe(false);
    expect(pulledAtFirstResult).toBeLessThan(ROWS / 10);
    expect(sourceFinished).toBe(true);
    expect(rows).toBe(ROWS);
    expect(ok).toBe(ROWS);
  });
});
