import { once } from "node:events";
import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Command } from "commander";
import { loadConfig } from "../config/env.js";
import { normaliseOutcomeCode } from "../domain/trialStats/followUp.js";
import { NON_CRIME_HATE_INCIDENT } from "../intake/index.js";
import type { Db } from "../store/prismaClient.js";
import { openStore } from "../store/prismaStore.js";
import { spreadsheetCsv } from "../export/spreadsheetCsv.js";

/**
 * One row per case Reassure has received, for analysts: what was allocated, delivered and how the case closed.
 * Nothing about the victim or the offence: no offence, no strands, no notes, no officer, and exclusions by category
 * only (the HCOP's reason is free text about one case).
 */
export const CASE_EXPORT_COLUMNS = [
  "crime_ref",
  "ward_code",
  "borough",
  "allocation_method",
  "arm",
  "allocated_at",
  "stratum",
  "referral_status",
  "delivered",
  "claimed_at",
  "contact_method",
  "contact_at",
  "closed_at",
  "outcome_code",
  "outcome_date",
  "attrition",
  "charge",
  "positive",
  "excluded",
] as const;

export interface OutcomeCodeSets {
  attritionCodes: readonly string[];
  chargeCodes: readonly string[];
  positiveCodes: readonly string[];
}

const BATCH = 500;

/** The fields one row needs, read together (the reporting repository's facts split allocated and other cases). */
async function caseBatch(db: Db, afterId: number | undefined) {
  return db.case.findMany({
    where: afterId === undefined ? {} : { id: { gt: afterId } },
    orderBy: { id: "asc" },
    take: BATCH,
    select: {
      id: true,
      crimeRef: true,
      wardCode: true,
      eligible: true,
      ineligibleReason: true,
      ward: { select: { borough: true } },
      allocation: { select: { arm: true, method: true, allocatedAt: true, stratum: true } },
      exclusion: { select: { caseId: true } },
      referral: { select: { status: true, claimedAt: true, closedAt: true, contact: { select: { method: true, contactAt: true } } } },
      outcome: { select: { code: true, outcomeDate: true } },
    },
  });
}

type CaseRow = Awaited<ReturnType<typeof caseBatch>>[number];

const iso = (at: Date | null | undefined) => (at ? at.toISOString() : "");
const flag = (value: boolean | undefined) => (value === undefined ? "" : value ? "1" : "0");

/** Why a case is outside the trial, as a category: never the free text an HCOP typed. */
function exclusionCategory(c: CaseRow): string {
  if (c.allocation) return c.exclusion ? "excluded after randomisation" : "";
  if (c.eligible) return "";
  if (c.ineligibleReason?.startsWith("excluded:")) return "excluded before randomisation";
  return c.ineligibleReason === NON_CRIME_HATE_INCIDENT ? NON_CRIME_HATE_INCIDENT : "not eligible";
}

function rowOf(c: CaseRow, sets: { attrition: Set<string>; charge: Set<string>; positive: Set<string> }): string[] {
  const code = c.outcome ? normaliseOutcomeCode(c.outcome.code) : undefined;
  const member = (set: Set<string>) => (code === undefined ? undefined : set.has(code));
  const a = c.allocation;
  return [
    c.crimeRef,
    c.wardCode,
    c.ward.borough,
    a?.method ?? "",
    a?.arm ?? "",
    iso(a?.allocatedAt),
    a?.stratum ?? "",
    c.referral?.status ?? "",
    flag(a ? c.referral?.status === "completed" : undefined),
    iso(c.referral?.claimedAt),
    c.referral?.contact?.method ?? "",
    iso(c.referral?.contact?.contactAt),
    iso(c.referral?.closedAt),
    c.outcome?.code ?? "",
    iso(c.outcome?.outcomeDate),
    flag(member(sets.attrition)),
    flag(member(sets.charge)),
    flag(member(sets.positive)),
    exclusionCategory(c),
  ];
}

/**
 * Writes the header and one row per case, in the order Reassure received them, a batch at a time: memory stays flat
 * however many cases there are. Flags are 1/0 by the outcome code alone (empty when no outcome is recorded); the
 * follow-up window is the analyst's to apply, from allocated_at and outcome_date. Returns the number of rows.
 */
export async function writeCaseExport(db: Db, codes: OutcomeCodeSets, out: Writable): Promise<number> {
  const set = (list: readonly string[]) => new Set(list.map(normaliseOutcomeCode));
  const sets = { attrition: set(codes.attritionCodes), charge: set(codes.chargeCodes), positive: set(codes.positiveCodes) };
  const csv = spreadsheetCsv(CASE_EXPORT_COLUMNS);
  const written = pipeline(csv, out, { end: false });
  let rows = 0;
  let afterId: number | undefined;
  for (;;) {
    const batch = await caseBatch(db, afterId);
    if (batch.length === 0) break;
    for (const c of batch) if (!csv.write(rowOf(c, sets))) await once(csv, "drain");
    rows += batch.length;
    afterId = batch.at(-1)!.id;
  }
  csv.end();
  await written;
  return rows;
}

export function exportCommands(program: Command): void {
  const exports = program.command("export").description("data for analysts, without personal data");
  exports
    .command("cases")
    .description(`one CSV row per case: ${CASE_EXPORT_COLUMNS.join(", ")}; times in UTC (ISO 8601)`)
    .option("--out <file>", "write to this file instead of standard output")
    .action(async (options: { out?: string }) => {
      const config = loadConfig();
      const store = await openStore(config.databaseUrl);
      try {
        if (options.out === undefined) {
          // `reassure export cases | head`: the reader has what it wanted, which is no failure.
          process.stdout.on("error", (error: NodeJS.ErrnoException) => {
            if (error.code !== "EPIPE") throw error;
            process.exit(0);
          });
          await writeCaseExport(store.db, config.outcomes, process.stdout);
          return;
        }
        const file = createWriteStream(options.out);
        // A folder that does not exist fails here, before anything is read.
        await once(file, "open");
        const rows = await writeCaseExport(store.db, config.outcomes, file);
        file.end();
        await once(file, "finish");
        console.log(`Wrote ${rows} case(s) to ${options.out}.`);
      } finally {
        await store.close();
      }
    });
}
