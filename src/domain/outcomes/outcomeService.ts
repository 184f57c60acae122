import { parseOutcomeCsv, type CsvSource, type OutcomeRecord, type Problem, type RowResult } from "../../intake/index.js";
import type { Clock } from "../clock.js";
import type { EventInput } from "../events.js";
import { BULK_TRANSACTION_TIMEOUT_MS, type Store } from "../ports.js";

export interface OutcomeImportReport {
  rows: number;
  recorded: number;
  corrected: number;
  unchanged: number;
  problems: Problem[];
  written: boolean;
}

export interface OutcomeSettings {
  crimeRefPattern: RegExp;
  /** Force-specific codes accepted besides the Home Office list (e.g. a local 1B). */
  localCodes: readonly string[];
}

class AllOrNothing extends Error {}

const quote = (value: unknown) => `"${String(value ?? "").replace(/"/g, '""')}"`;

/** One CSV text for rows given as objects (the JSON API, a chat command): one validation path for every source. */
export function outcomesAsCsv(items: readonly Record<string, unknown>[]): string {
  return ["crime_ref,outcome_code,outcome_date", ...items.map((i) => [i.crime_ref, i.outcome_code, i.outcome_date].map(quote).join(","))].join("\n") + "\n";
}

/**
 * Case outcomes from the CMS: the Home Office code each case closed with. A file is recorded whole or not at all; a
 * different code or date for a case that has one is a correction (the old value stays in the event log).
 */
export class OutcomeService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly settings: OutcomeSettings,
  ) {}

  importCsv(source: CsvSource, options: { actor: string; source: string; skipInvalid: boolean }): Promise<OutcomeImportReport> {
    return this.record(parseOutcomeCsv(source, { crimeRefPattern: this.settings.crimeRefPattern, localOutcomeCodes: this.settings.localCodes, now: this.clock.now() }), options);
  }

  private async record(results: AsyncIterable<RowResult<OutcomeRecord>>, options: { actor: string; source: string; skipInvalid: boolean }): Promise<OutcomeImportReport> {
    const report: OutcomeImportReport = { rows: 0, recorded: 0, corrected: 0, unchanged: 0, problems: [], written: false };
    const valid: { row: number; record: OutcomeRecord }[] = [];
    try {
      for await (const result of results) {
        report.rows++;
        if (result.ok) valid.push({ row: result.row, record: result.record });
        else report.problems.push(...result.problems);
      }
    } catch (error) {
      const problems = (error as { problems?: Problem[] }).problems;
      if (!problems) throw error;
      return { ...report, problems: [...problems] };
    }
    if (report.problems.length > 0 && !options.skipInvalid) return report;
    try {
      await this.store.transaction(async (tx) => {
        const at = this.clock.now();
        const cases = new Map((await tx.cases.findByRefs(valid.map((v) => v.record.crimeRef))).map((c) => [c.crimeRef, c]));
        const missing: Problem[] = [];
        const events: EventInput[] = [];
        for (const { row, record } of valid) {
          const c = cases.get(record.crimeRef);
          if (!c) {
            missing.push({ row, column: "crime_ref", value: record.crimeRef, expected: "a crime reference Reassure has received" });
            continue;
          }
          const before = await tx.outcomes.get(c.id);
          if (before && before.code === record.outcomeCode && before.outcomeDate.getTime() === record.outcomeDate.getTime()) {
            report.unchanged++;
            continue;
          }
          await tx.outcomes.put(c.id, { code: record.outcomeCode, outcomeDate: record.outcomeDate }, options.actor, options.source, at);
          events.push({
            actor: options.actor,
            action: before ? "outcome.corrected" : "outcome.recorded",
            subjectType: "case",
            subjectId: c.crimeRef,
            details: { code: record.outcomeCode, outcomeDate: record.outcomeDate.toISOString(), ...(before && { previousCode: before.code, previousDate: before.outcomeDate.toISOString() }), source: options.source },
          });
          if (before) report.corrected++;
          else report.recorded++;
        }
        report.problems.push(...missing);
        if (missing.length > 0 && !options.skipInvalid) throw new AllOrNothing();
        await tx.events.appendMany(events, at);
      }, { timeoutMs: BULK_TRANSACTION_TIMEOUT_MS });
      report.written = true;
    } catch (error) {
      if (!(error instanceof AllOrNothing)) throw error;
      report.recorded = report.corrected = report.unchanged = 0;
    }
    report.problems.sort((a, b) => a.row - b.row);
    return report;
  }
}
