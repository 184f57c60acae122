import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BotHarness } from "../../helpers/botHarness.js";
import { testProviders } from "../../helpers/testDb.js";
import { WARDS, importCases, seedWards } from "../../helpers/seed.js";
import { runCli } from "../../helpers/cli.js";
import { PROBLEMS_LISTED } from "../../../src/intake/index.js";
import { BULK_TRANSACTION_TIMEOUT_MS } from "../../../src/domain/ports.js";
import { verifyAuditLog } from "../../../src/domain/audit/verifyLog.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const HEADER = "crime_ref,reported_at,ward_code,record_type,offence";

/** Data lines of `n` cases a minute apart (an hour apart, as seed's, would run past the harness's clock), wards in turn. */
function caseLines(n: number, start = 0): string[] {
  return Array.from({ length: n }, (_, i) => `${1_000_000 + start + i}/24,${new Date(Date.UTC(2024, 2, 1, 8) + (start + i) * 60_000).toISOString()},${WARDS[(start + i) % WARDS.length]!.code},crime,public order`);
}

const csvOf = (lines: readonly string[]) => [HEADER, ...lines].join("\n") + "\n";

/** Files larger than the import's batch (500 rows) and than the events a transaction holds (1,000). */
describe.each(testProviders())("importing a file many batches long (%s)", (provider) => {
  let bot: BotHarness;
  beforeEach(async () => {
    bot = await BotHarness.start(provider);
    await seedWards(bot.deps);
  });
  afterEach(() => bot.stop());

  const db = () => bot.db.store.db;
  const badRow = (ref: string) => `${ref},2024-03-01T08:00:00.000Z,E0500000X,crime,`;

  it("writes nothing when a row near the end is invalid, and the rest with --skip-invalid", async () => {
    const csv = csvOf([...caseLines(1_200), badRow("1999999/24"), ...caseLines(40, 5_000)]);
    const headBefore = await db().auditHead.findUniqueOrThrow({ where: { id: 1 } });
    const refused = await importCases(bot.deps, csv);
    expect(refused).toMatchObject({ rows: 1_241, written: false, created: 0, problemCount: 1, problems: [{ row: 1_201, column: "ward_code", value: "E0500000X" }] });
    expect(await db().case.count()).toBe(0);
    expect(await db().event.count()).toBe(await db().event.count({ where: { seq: { lte: headBefore.lastSeq } } }));
    expect(await db().auditHead.findUniqueOrThrow({ where: { id: 1 } })).toEqual(headBefore);

    const skipped = await importCases(bot.deps, csv, true);
    expect(skipped).toMatchObject({ rows: 1_241, written: true, created: 1_240, problemCount: 1 });
    expect(await db().case.count()).toBe(1_240);
    expect(await db().event.count({ where: { action: "case.created" } })).toBe(1_240);
    // Events were written as the import went (more than a transaction holds): the chain is whole and ends at the head.
    const verified = await verifyAuditLog(bot.db.store.repos.audit);
    expect(verified).toMatchObject({ ok: true });
    expect(verified.events).toBe(await db().event.count());
  });

  it("lists the first problems in full and counts them all", async () => {
    const garbage = Array.from({ length: PROBLEMS_LISTED + 250 }, (_, i) => badRow(`${2_000_000 + i}/24`));
    const report = await importCases(bot.deps, csvOf(garbage));
    expect(report).toMatchObject({ rows: PROBLEMS_LISTED + 250, problemCount: PROBLEMS_LISTED + 250, written: false });
    expect(report.problems).toHaveLength(PROBLEMS_LISTED);
    expect(report.problems.map((p) => p.row)).toEqual(Array.from({ length: PROBLEMS_LISTED }, (_, i) => i + 1));
  });

  it("still reports, and logs, a refused change after the import is known to fail", async () => {
    expect(await importCases(bot.deps, csvOf(caseLines(600)))).toMatchObject({ created: 600 });
    await bot.deps.allocation.allocate({ actor: "test" });
    // Row 551 (in the second batch, checked after the first batch's invalid row ended the writing) moves an allocated case.
    const lines = [HEADER, ...caseLines(600)];
    lines[2] = badRow("1000001/24");
    lines[551] = lines[551]!.replace(",E05000001,", ",E05000002,");
    const report = await importCases(bot.deps, lines.join("\n"));
    expect(report).toMatchObject({ written: false, problemCount: 2 });
    expect(report.problems.map((p) => [p.row, p.column])).toEqual([
      [2, "ward_code"],
      [551, "ward_code"],
    ]);
    const refused = (await bot.db.store.repos.events.forSubject("case", "1000550/24")).at(-1)!;
    expect(refused).toMatchObject({ action: "case.change_refused", details: { fields: ["wardCode"] } });
    expect(await verifyAuditLog(bot.db.store.repos.audit)).toMatchObject({ ok: true });
  });

  it("gives the import's transaction the bulk timeout, and interactive ones the default", async () => {
    const store = bot.deps.store;
    const transaction = vi.spyOn(store, "transaction");
    const prisma = vi.spyOn(bot.db.store.db, "$transaction");
    await importCases(bot.deps, csvOf(caseLines(3)));
    expect(transaction).toHaveBeenCalledWith(expect.any(Function), { timeoutMs: BULK_TRANSACTION_TIMEOUT_MS });
    expect(prisma).toHaveBeenLastCalledWith(expect.any(Function), { maxWait: 10_000, timeout: BULK_TRANSACTION_TIMEOUT_MS });
    await store.transaction(async () => undefined);
    expect(prisma).toHaveBeenLastCalledWith(expect.any(Function), { maxWait: 10_000, timeout: 20_000 });
  });
});

describe("reassure cases import with more problems than it lists", () => {
  it("says how many it found and that it lists the first", async () => {
    const bot = await BotHarness.start("sqlite");
    try {
      await seedWards(bot.deps);
      const dir = mkdtempSync(join(tmpdir(), "reassure-import-"));
      const file = join(dir, "cases.csv");
      writeFileSync(file, csvOf(Array.from({ length: PROBLEMS_LISTED + 5 }, (_, i) => `${2_000_000 + i}/24,2024-03-01T08:00:00.000Z,E0500000X,crime,`)));
      const run = await runCli(["cases", "import", file], { DATABASE_URL: bot.db.url });
      expect(run.code).toBe(2);
      expect(run.stdout).toContain(`nothing imported, ${PROBLEMS_LISTED + 5} problem(s) (the first ${PROBLEMS_LISTED} listed):`);
      expect(run.stdout.trim().split("\n")).toHaveLength(1 + PROBLEMS_LISTED);
    } finally {
      await bot.stop();
    }
  });
});
