import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { demoCaseLines } from "../../../src/intake/demoData.js";
import { createTestDatabase, testProviders, type TestDatabase } from "../../helpers/testDb.js";
import { DEMO_SEED, DEMO_WARDS, measured, seedDemoWards, servicesFor, startCli, waitFor, writeTransactionOpen, MULTI_PROCESS_TIMEOUT_MS } from "./support.js";

const CASES = 10_000;

/**
 * kill -9 during a large `reassure allocate`: its batches commit one by one, and none is half applied — every case
 * allocated to SRC has its referral and its queued card, and the randomisation record still verifies.
 */
describe.each(testProviders())("an allocation killed half way (%s)", (provider) => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase(provider);
  });

  afterEach(() => db.dispose());

  it("leaves every SRC allocation with its referral and queued card, and a sequence that verifies", async () => {
    const deps = servicesFor(db);
    await seedDemoWards(deps);
    const csv = [...demoCaseLines({ seed: DEMO_SEED, rows: CASES, wards: DEMO_WARDS })].join("\n") + "\n";
    expect(await deps.intake.importCsv([csv], { actor: "test", skipInvalid: false, source: "test" })).toMatchObject({ written: true, created: CASES });
    const eligible = await db.store.db.case.count({ where: { eligible: true } });

    const run = startCli(["allocate"], db.url);
    let exited = false;
    void run.done.then(() => (exited = true));
    // Killed after the first batch has committed, while a later one is writing.
    await waitFor("the first allocations", async () => exited || (await db.store.db.allocation.count()) > 0, 180_000, 100);
    await waitFor("the next batch to write", async () => exited || (await writeTransactionOpen(db)), 180_000, 50);
    expect(exited, "the allocation finished before it could be killed").toBe(false);
    const openAtKill = await writeTransactionOpen(db);
    run.child.kill("SIGKILL");
    expect(await run.done).toMatchObject({ signal: "SIGKILL" });

    const allocated = await db.store.db.allocation.count();
    measured(`${provider}: allocation killed with a batch open: ${openAtKill}; allocations committed (of ${eligible} eligible)`, allocated);
    expect(allocated).toBeGreaterThan(0);
    expect(allocated).toBeLessThan(eligible);
    expect(await db.store.db.event.count({ where: { action: "case.allocated" } })).toBe(allocated);
    const src = (await db.store.db.allocation.findMany({ where: { arm: "SRC" }, select: { caseId: true } })).map((a) => a.caseId);
    const referrals = await db.store.db.referral.findMany({ select: { id: true, caseId: true } });
    expect(sorted(referrals.map((r) => r.caseId))).toEqual(sorted(src));
    const queued = await db.store.db.outboxItem.findMany({ where: { kind: "post_referral" }, select: { referralId: true } });
    expect(sorted(queued.map((o) => o.referralId!))).toEqual(sorted(referrals.map((r) => r.id)));
    expect(await startCli(["allocation", "verify"], db.url).done).toMatchObject({ code: 0, stdout: expect.stringMatching(/^OK: /) });
  }, MULTI_PROCESS_TIMEOUT_MS);
});

function sorted(ids: number[]): number[] {
  return [...ids].sort((a, b) => a - b);
}
