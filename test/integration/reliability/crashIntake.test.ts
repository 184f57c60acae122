import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import seedrandom from "seedrandom";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { demoCaseLines, writeDemoCases } from "../../../src/intake/demoData.js";
import { demoWards } from "../../../src/intake/demoWards.js";
import type { BotDeps } from "../../../src/teams/deps.js";
import { createTestDatabase, testProviders, type TestDatabase } from "../../helpers/testDb.js";
import { measured, servicesFor, startCli, waitFor, writeTransactionOpen } from "./support.js";

const SEED = "crash";
const WARDS = demoWards(seedrandom(`${SEED}:wards`), 79);

/** The demo data's wards, every fourth in rollout mode (referred without randomisation), the rest in the trial. */
async function seedWards(deps: BotDeps): Promise<void> {
  await deps.wards.importWards(WARDS.map((w, i) => ({ ...w, mode: i % 4 === 0 ? "rollout" : "trial", enabled: true })), "test");
}

/**
 * kill -9 in the middle of the two bulk writes an operator starts from the command line: a CMS file is imported whole
 * or not at all, and an allocation never leaves a case allocated to SRC without its referral and its queued card.
 */
describe.each(testProviders())("bulk writes killed half way (%s)", (provider) => {
  let db: TestDatabase;
  let dir: string;

  beforeEach(async () => {
    db = await createTestDatabase(provider);
    dir = mkdtempSync(join(tmpdir(), "reassure-crash-"));
  });

  afterEach(async () => {
    await db.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("imports a 50,000-row file whole or not at all when killed while writing", async () => {
    const rows = 50_000;
    await seedWards(servicesFor(db));
    const file = join(dir, "cases.csv");
    const out = createWriteStream(file);
    await writeDemoCases(out, { seed: SEED, rows, wards: WARDS });
    out.end();
    await finished(out);

    const run = startCli(["cases", "import", file], db.url);
    let exited = false;
    void run.done.then(() => (exited = true));
    // Killed once its one transaction has written rows, which nobody else can see until it commits.
    await waitFor("the import's transaction to write", async () => exited || (await writeTransactionOpen(db)), 120_000, 20);
    expect(exited, "the import finished before it could be killed").toBe(false);
    const openAtKill = await writeTransactionOpen(db);
    run.child.kill("SIGKILL");
    const { signal } = await run.done;
    expect(signal).toBe("SIGKILL");

    const cases = await db.store.db.case.count();
    measured(`${provider}: import killed with its transaction open: ${openAtKill}; cases afterwards`, cases);
    expect([0, rows]).toContain(cases);
    expect(await db.store.db.event.count({ where: { action: "cases.imported" } })).toBe(cases === 0 ? 0 : 1);
  });

  it("leaves every SRC allocation with its referral and queued card, and a verifiable sequence, when killed", async () => {
    const deps = servicesFor(db);
    await seedWards(deps);
    const csv = [...demoCaseLines({ seed: SEED, rows: 10_000, wards: WARDS })].join("\n") + "\n";
    const imported = await deps.intake.importCsv([csv], { actor: "test", skipInvalid: false, source: "test" });
    expect(imported).toMatchObject({ written: true, created: 10_000 });
    const eligible = await db.store.db.case.count({ where: { eligible: true } });

    const t0 = Date.now();
    console.log("imported", Date.now() - t0);
    const run = startCli(["allocate"], db.url);
    let exited = false;
    void run.done.then(() => (exited = true));
    // Its batches commit one by one: killed after the first has committed.
    await waitFor("the first allocations", async () => exited || (await db.store.db.allocation.count()) > 0, 120_000, 20);
    run.child.kill("SIGKILL");
    await run.done;
    console.log("killed", Date.now() - t0);
    const allocatedAtKill = await db.store.db.allocation.count();
    measured(`${provider}: allocations committed when the allocation was killed (of ${eligible} eligible)`, allocatedAtKill);
    expect(allocatedAtKill).toBeLessThan(eligible);
    await expectEverySrcReferredAndQueued(db);
    const verify = startCli(["allocation", "verify"], db.url);
    expect(await verify.done).toMatchObject({ code: 0, stdout: expect.stringMatching(/^OK: /) });

    console.log("verified", Date.now() - t0);
    // Run again: it carries on where the killed run stopped, allocating each remaining case once.
    const again = await startCli(["allocate"], db.url).done;
    expect(again.code).toBe(0);
    expect(await db.store.db.allocation.count()).toBe(eligible);
    console.log("reallocated", Date.now() - t0);
    await expectEverySrcReferredAndQueued(db);
    console.log("checked", Date.now() - t0);
    expect(await startCli(["allocation", "verify"], db.url).done).toMatchObject({ code: 0, stdout: expect.stringMatching(/^OK: /) });
  });
});

async function expectEverySrcReferredAndQueued(db: TestDatabase): Promise<void> {
  const src = (await db.store.db.allocation.findMany({ where: { arm: "SRC" }, select: { caseId: true } })).map((a) => a.caseId).sort((a, b) => a - b);
  const referrals = await db.store.db.referral.findMany({ select: { id: true, caseId: true } });
  expect(referrals.map((r) => r.caseId).sort((a, b) => a - b)).toEqual(src);
  const queued = (await db.store.db.outboxItem.findMany({ where: { kind: "post_referral" }, select: { referralId: true } })).map((o) => o.referralId!);
  expect(queued.sort((a, b) => a - b)).toEqual(referrals.map((r) => r.id).sort((a, b) => a - b));
}
