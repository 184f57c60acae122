import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeDemoCases } from "../../../src/intake/demoData.js";
import { createTestDatabase, testProviders, type TestDatabase } from "../../helpers/testDb.js";
import { DEMO_SEED, DEMO_WARDS, measured, seedDemoWards, servicesFor, startCli, waitFor, writeTransactionOpen, MULTI_PROCESS_TIMEOUT_MS } from "./support.js";

const ROWS = 50_000;

/** kill -9 during `reassure cases import` of a large CMS file: the file is imported whole or not at all. */
describe.each(testProviders())("an import killed half way (%s)", (provider) => {
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

  it("leaves none of a 50,000-row file's cases when killed while writing them", async () => {
    await seedDemoWards(servicesFor(db));
    const file = join(dir, "cases.csv");
    const out = createWriteStream(file);
    await writeDemoCases(out, { seed: DEMO_SEED, rows: ROWS, wards: DEMO_WARDS });
    out.end();
    await finished(out);

    const run = startCli(["cases", "import", file], db.url);
    let exited = false;
    void run.done.then(() => (exited = true));
    // Killed once its one transaction has written rows, which nobody else sees until it commits.
    await waitFor("the import's transaction to write", async () => exited || (await writeTransactionOpen(db)), 180_000, 100);
    expect(exited, "the import finished before it could be killed").toBe(false);
    const openAtKill = await writeTransactionOpen(db);
    run.child.kill("SIGKILL");
    expect(await run.done).toMatchObject({ signal: "SIGKILL" });

    const cases = await db.store.db.case.count();
    measured(`${provider}: import killed with its transaction open: ${openAtKill}; cases afterwards`, cases);
    // All or nothing; nothing, when the kill landed inside the transaction (as it almost always does here).
    expect([0, ROWS]).toContain(cases);
    if (openAtKill) expect(cases).toBe(0);
    expect(await db.store.db.event.count({ where: { action: "cases.imported" } })).toBe(cases === 0 ? 0 : 1);
  }, MULTI_PROCESS_TIMEOUT_MS);
});
