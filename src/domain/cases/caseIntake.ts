import { IntakeHeaderError, parseCaseCsv, validateCaseObjects, type CaseIntakeOptions, type CaseRecord, type CsvSource, type Problem, type RowResult } from "../../intake/index.js";
import type { Clock } from "../clock.js";
import type { EventInput } from "../events.js";
import type { Repositories, Store } from "../ports.js";
import { ARM_RELEVANT_FIELDS, type CaseInput, type StoredCase } from "./case.js";

export interface ImportOptions {
  actor: string;
  /** Write the valid rows and report the rest; by default any problem means nothing is written. */
  skipInvalid: boolean;
  /** Where the rows came from, for the event log (a file name, "api:<key name>"). */
  source: string;
}

export interface ImportReport {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Rows refused: invalid, or a change to an allocated case. Sorted by row. */
  problems: Problem[];
  written: boolean;
}

const BATCH = 500;
const COLUMN_OF: Record<(typeof ARM_RELEVANT_FIELDS)[number], string> = { reportedAt: "reported_at", wardCode: "ward_code", recordType: "record_type" };

class AllOrNothing extends Error {}

function toInput(record: CaseRecord): CaseInput {
  return {
    crimeRef: record.crimeRef,
    reportedAt: record.reportedAt,
    wardCode: record.wardCode,
    recordType: record.recordType,
    eligible: record.eligible,
    ineligibleReason: record.ineligibleReason,
    offence: record.offence,
    strands: record.strands,
  };
}

const sameValue = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields whose value would change; strands are compared only when this import carries them. */
function changedFields(before: StoredCase, after: CaseInput): (keyof CaseInput)[] {
  const fields: (keyof CaseInput)[] = ["reportedAt", "wardCode", "recordType", "eligible", "ineligibleReason", "offence", "strands"];
  return fields.filter((f) => !(f === "strands" && after.strands === undefined) && !sameValue(before[f], after[f]));
}

/**
 * Cases from the CMS, in one transaction: a file is either imported whole or (by default, when any row is wrong) not
 * at all. Re-importing is idempotent; a changed case is updated until it is allocated, after which a change to a field
 * that decided its allocation is refused as a conflict.
 */
export interface IntakeSettings {
  crimeRefPattern: RegExp;
  storeStrands: boolean;
}

export class CaseIntakeService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly settings: IntakeSettings,
  ) {}

  /** A CMS CSV export, streamed row by row. */
  importCsv(source: CsvSource, options: ImportOptions): Promise<ImportReport> {
    return this.importChecked(async (intake) => parseCaseCsv(source, intake), options);
  }

  /** A JSON array of cases (the intake API), with the CSV's column names as keys. */
  importObjects(items: unknown, options: ImportOptions): Promise<ImportReport> {
    return this.importChecked(async (intake) => validateCaseObjects(items, intake), options);
  }

  private async importChecked(
    rows: (intake: CaseIntakeOptions) => Promise<AsyncIterable<RowResult<CaseRecord>> | Iterable<RowResult<CaseRecord>>>,
    options: ImportOptions,
  ): Promise<ImportReport> {
    const intake: CaseIntakeOptions = {
      knownWardCodes: await this.store.repos.wards.codes(),
      crimeRefPattern: this.settings.crimeRefPattern,
      storeStrands: this.settings.storeStrands,
      now: this.clock.now(),
    };
    try {
      return await this.importRows(await rows(intake), options);
    } catch (error) {
      // The header (or the body's shape) is wrong: no row can be trusted, nothing is written.
      if (error instanceof IntakeHeaderError) return { rows: 0, created: 0, updated: 0, unchanged: 0, problems: [...error.problems], written: false };
      throw error;
    }
  }

  async importRows(results: AsyncIterable<RowResult<CaseRecord>> | Iterable<RowResult<CaseRecord>>, options: ImportOptions): Promise<ImportReport> {
    const valid: { row: number; input: CaseInput }[] = [];
    const problems: Problem[] = [];
    let rows = 0;
    for await (const result of results) {
      rows++;
      if (result.ok) valid.push({ row: result.row, input: toInput(result.record) });
      else problems.push(...result.problems);
    }
    const report: ImportReport = { rows, created: 0, updated: 0, unchanged: 0, problems, written: false };
    if (problems.length > 0 && !options.skipInvalid) return report;

    const at = this.clock.now();
    // Refused changes to allocated cases are logged even when the import itself is rolled back.
    const refusals: EventInput[] = [];
    try {
      await this.store.transaction(async (tx) => {
        const counts = { created: 0, updated: 0, unchanged: 0 };
        const conflicts: Problem[] = [];
        refusals.length = 0;
        for (let i = 0; i < valid.length; i += BATCH) {
          await this.writeBatch(tx, valid.slice(i, i + BATCH), at, options, counts, { conflicts, refusals });
        }
        report.problems.push(...conflicts);
        if (conflicts.length > 0 && !options.skipInvalid) throw new AllOrNothing();
        await tx.events.appendMany(refusals, at);
        await tx.events.append(
          { actor: options.actor, action: "cases.imported", subjectType: "import", subjectId: options.source, details: { rows, ...counts, refused: report.problems.length } },
          at,
        );
        Object.assign(report, counts, { written: true });
      });
    } catch (error) {
      if (!(error instanceof AllOrNothing)) throw error;
      await this.store.transaction((tx) => tx.events.appendMany(refusals, at));
    }
    report.problems.sort((a, b) => a.row - b.row);
    return report;
  }

  private async writeBatch(
    tx: Repositories,
    batch: { row: number; input: CaseInput }[],
    at: Date,
    options: ImportOptions,
    counts: { created: number; updated: number; unchanged: number },
    refused: { conflicts: Problem[]; refusals: EventInput[] },
  ): Promise<void> {
    const existing = new Map((await tx.cases.findByRefs(batch.map((b) => b.input.crimeRef))).map((c) => [c.crimeRef, c]));
    const creates: CaseInput[] = [];
    const events: EventInput[] = [];
    for (const { row, input } of batch) {
      const before = existing.get(input.crimeRef);
      if (!before) {
        creates.push(input);
        events.push({ actor: options.actor, action: "case.created", subjectType: "case", subjectId: input.crimeRef, details: { wardCode: input.wardCode, recordType: input.recordType, eligible: input.eligible } });
        continue;
      }
      const changed = changedFields(before, input);
      if (changed.length === 0) {
        counts.unchanged++;
        continue;
      }
      const armRelevant = changed.filter((f): f is (typeof ARM_RELEVANT_FIELDS)[number] => (ARM_RELEVANT_FIELDS as readonly string[]).includes(f));
      if (before.allocated && armRelevant.length > 0) {
        for (const field of armRelevant) {
          refused.conflicts.push({ row, column: COLUMN_OF[field], expected: "the value the case had when it was allocated: an allocated case's ward, report time and record type cannot change" });
        }
        refused.refusals.push({ actor: options.actor, action: "case.change_refused", subjectType: "case", subjectId: input.crimeRef, details: { fields: armRelevant, source: options.source } });
        continue;
      }
      const changes = Object.fromEntries(changed.map((f) => [f, input[f]])) as Partial<CaseInput>;
      await tx.cases.update(before.id, changes, at);
      // Field names only: values may be sensitive (strands) and the CMS keeps the history of the values.
      events.push({ actor: options.actor, action: "case.updated", subjectType: "case", subjectId: input.crimeRef, details: { fields: changed } });
      counts.updated++;
    }
    await tx.cases.createMany(creates, at);
    counts.created += creates.length;
    await tx.events.appendMany(events, at);
  }
}
