import { IntakeHeaderError, ProblemList, parseCaseCsv, validateCaseObjects, type CaseIntakeOptions, type CaseRecord, type CsvSource, type Problem, type RowResult } from "../../intake/index.js";
import type { Clock } from "../clock.js";
import type { EventInput } from "../events.js";
import { BULK_TRANSACTION_TIMEOUT_MS, type CaseRepository, type Repositories, type Store } from "../ports.js";
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
  /** Rows refused: invalid, or a change to an allocated case. Sorted by row; the first PROBLEMS_LISTED only. */
  problems: Problem[];
  /** All the problems found, listed or not. */
  problemCount: number;
  written: boolean;
}

/** Rows validated and written together: memory holds one batch, whatever the size of the file. */
const BATCH = 500;
const COLUMN_OF: Record<(typeof ARM_RELEVANT_FIELDS)[number], string> = { reportedAt: "reported_at", wardCode: "ward_code", recordType: "record_type" };

class AllOrNothing extends Error {}

interface Counts {
  created: number;
  updated: number;
  unchanged: number;
}

/** What one batch's valid rows would do to the store, given the cases it already holds. */
interface BatchPlan {
  creates: CaseInput[];
  updates: { id: number; changes: Partial<CaseInput> }[];
  unchanged: number;
  /** case.created and case.updated, in row order. */
  events: EventInput[];
  /** Changes refused to allocated cases: problems for the report, events for the log. */
  conflicts: Problem[];
  refusals: EventInput[];
}

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

export interface IntakeSettings {
  crimeRefPattern: RegExp;
  storeStrands: boolean;
}

/**
 * Cases from the CMS, in one transaction: a file is either imported whole or (by default, when any row is wrong) not
 * at all. Re-importing is idempotent; a changed case is updated until it is allocated, after which a change to a field
 * that decided its allocation is refused as a conflict.
 *
 * Streamed: rows are validated and written a batch at a time inside the one transaction, which is rolled back when a
 * row is refused (by default), so memory holds a batch and the problems, never the file. Once the import is known to
 * fail, the rest of the file is still checked, without writing, so that every problem is reported at once.
 */
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
      if (error instanceof IntakeHeaderError) return { rows: 0, created: 0, updated: 0, unchanged: 0, problems: [...error.problems], problemCount: error.problems.length, written: false };
      throw error;
    }
  }

  async importRows(results: AsyncIterable<RowResult<CaseRecord>> | Iterable<RowResult<CaseRecord>>, options: ImportOptions): Promise<ImportReport> {
    const at = this.clock.now();
    const problems = new ProblemList();
    const counts: Counts = { created: 0, updated: 0, unchanged: 0 };
    let rows = 0;
    // Iterated by hand: leaving the transaction early must not close the source, whose rest is still checked.
    const source = inBatches(results, BATCH)[Symbol.asyncIterator]();
    const nextBatch = async () => {
      const next = await source.next();
      if (next.done) return undefined;
      rows += next.value.length;
      const valid: { row: number; input: CaseInput }[] = [];
      const invalid: Problem[] = [];
      for (const result of next.value) {
        if (result.ok) valid.push({ row: result.row, input: toInput(result.record) });
        else invalid.push(...result.problems);
      }
      return { valid, invalid };
    };
    const planned = async (cases: CaseRepository, batch: { valid: { row: number; input: CaseInput }[]; invalid: Problem[] }) => {
      const existing = batch.valid.length === 0 ? [] : await cases.findByRefs(batch.valid.map((v) => v.input.crimeRef));
      const plan = planBatch(batch.valid, new Map(existing.map((c) => [c.crimeRef, c])), options);
      problems.add([...batch.invalid, ...plan.conflicts]);
      return plan;
    };

    let written = false;
    try {
      // Header faults are thrown here, before any lock is taken.
      let batch = await nextBatch();
      // Changes refused to allocated cases are logged even when the import is rolled back: kept for after it.
      let refusals: EventInput[] = [];
      try {
        await this.store.transaction(
          async (tx) => {
            // Imports take turns: the audit head's lock first, before any case is written, so two imports of the same
            // cases never interleave (the second sees the first's cases once it has committed).
            await tx.audit.lockHead();
            for (; batch; batch = await nextBatch()) {
              const plan = await planned(tx.cases, batch);
              if (problems.count > 0 && !options.skipInvalid) {
                refusals = plan.refusals;
                throw new AllOrNothing();
              }
              await applyPlan(tx, plan, at, counts);
            }
            await tx.events.append(
              { actor: options.actor, action: "cases.imported", subjectType: "import", subjectId: options.source, details: { rows, ...counts, refused: problems.count } },
              at,
            );
          },
          { timeoutMs: BULK_TRANSACTION_TIMEOUT_MS },
        );
        written = true;
      } catch (error) {
        if (!(error instanceof AllOrNothing)) throw error;
        await this.logRefusals(refusals, at);
        for (batch = await nextBatch(); batch; batch = await nextBatch()) {
          await this.logRefusals((await planned(this.store.repos.cases, batch)).refusals, at);
        }
      }
    } finally {
      await source.return?.(undefined);
    }
    const report = written ? counts : { created: 0, updated: 0, unchanged: 0 };
    return { rows, ...report, problems: problems.listed, problemCount: problems.count, written };
  }

  private async logRefusals(refusals: readonly EventInput[], at: Date): Promise<void> {
    if (refusals.length > 0) await this.store.transaction((tx) => tx.events.appendMany(refusals, at));
  }
}

async function* inBatches<T>(items: AsyncIterable<T> | Iterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function planBatch(rows: readonly { row: number; input: CaseInput }[], existing: ReadonlyMap<string, StoredCase>, options: ImportOptions): BatchPlan {
  const plan: BatchPlan = { creates: [], updates: [], unchanged: 0, events: [], conflicts: [], refusals: [] };
  for (const { row, input } of rows) {
    const before = existing.get(input.crimeRef);
    if (!before) {
      plan.creates.push(input);
      plan.events.push({ actor: options.actor, action: "case.created", subjectType: "case", subjectId: input.crimeRef, details: { wardCode: input.wardCode, recordType: input.recordType, eligible: input.eligible } });
      continue;
    }
    const changed = changedFields(before, input);
    if (changed.length === 0) {
      plan.unchanged++;
      continue;
    }
    const armRelevant = changed.filter((f): f is (typeof ARM_RELEVANT_FIELDS)[number] => (ARM_RELEVANT_FIELDS as readonly string[]).includes(f));
    if (before.allocated && armRelevant.length > 0) {
      for (const field of armRelevant) {
        plan.conflicts.push({ row, column: COLUMN_OF[field], expected: "the value the case had when it was allocated: an allocated case's ward, report time and record type cannot change" });
      }
      plan.refusals.push({ actor: options.actor, action: "case.change_refused", subjectType: "case", subjectId: input.crimeRef, details: { fields: armRelevant, source: options.source } });
      continue;
    }
    plan.updates.push({ id: before.id, changes: Object.fromEntries(changed.map((f) => [f, input[f]])) as Partial<CaseInput> });
    // Field names only: values may be sensitive (strands) and the CMS keeps the history of the values.
    plan.events.push({ actor: options.actor, action: "case.updated", subjectType: "case", subjectId: input.crimeRef, details: { fields: changed } });
  }
  return plan;
}

async function applyPlan(tx: Repositories, plan: BatchPlan, at: Date, counts: Counts): Promise<void> {
  for (const { id, changes } of plan.updates) await tx.cases.update(id, changes, at);
  await tx.cases.createMany(plan.creates, at);
  await tx.events.appendMany([...plan.events, ...plan.refusals], at);
  counts.created += plan.creates.length;
  counts.updated += plan.updates.length;
  counts.unchanged += plan.unchanged;
}
