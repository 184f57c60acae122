import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServices } from "../../../src/services.js";
import { loadConfig } from "../../../src/config/env.js";
import { FixedClock } from "../../../src/domain/clock.js";
import { createLogger } from "../../../src/log.js";
import { runCli } from "../../helpers/cli.js";
import { caseCsv, importCases, seedWards } from "../../helpers/seed.js";
import { allocations as allocationsOf, writeOutcome } from "../../helpers/records.js";
import { createTestDatabase, type TestDatabase } from "../../helpers/testDb.js";

const DAY = 86_400_000;

describe("reassure stats", () => {
  let db: TestDatabase;
  const env = () => ({ DATABASE_URL: db.url, LOG_LEVEL: "silent" });

  // 12 cases in Abbey and Tooting (trial wards), allocated on 2 Apr 2024; every case gets an outcome 5 days later:
  // the first two randomised cases attrition (14), the rest another outcome (18).
  beforeAll(async () => {
    db = await createTestDatabase("sqlite");
    const config = loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: "silent" });
    const deps = createServices(config, db.store, createLogger("silent"), new FixedClock(new Date("2024-04-02T09:00:00Z")));
    await seedWards(deps);
    await importCases(deps, caseCsv(12, { wards: ["E05000001", "E05000003"] }));
    await deps.allocation.allocate({ actor: "test" });
    const allocations = (await allocationsOf(db.store)).sort((a, b) => a.caseId - b.caseId);
    for (const [i, a] of allocations.entries()) {
      await writeOutcome(db.store, a.caseId, { code: i < 2 ? "14" : "18", outcomeDate: new Date(a.allocatedAt.getTime() + 5 * DAY) }, a.allocatedAt);
    }
  });
  afterAll(() => db.dispose());

  it("prints a readable report of the whole trial", async () => {
    const { code, stdout } = await runCli(["stats"], env());
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Trial statistics — Whole trial — All wards$/m);
    expect(stdout).toMatch(/^ {2}Randomised\s+12$/m);
    expect(stdout).toMatch(/^ {2}Assessed \(received\)\s+12$/m);
    // The arms split 12 cases by randomisation (blocks of 4 and 6 per borough): not necessarily 6 and 6.
    expect(stdout).toMatch(/Victim attrition \(codes 14, 16\): SRC \d+\/\d+ .*, BAU \d+\/\d+/);
    expect(stdout).toContain("Per-protocol (biased)");
    expect(stdout).toContain("2024-W14");
    // Two wards, six randomised cases each: the arms split 3/3 or so, every cell below 5 is hidden.
    expect(stdout).toMatch(/^ {2}E05000001\s+<5\s+<5\s+<5/m);
  });

  it("narrows by dates and borough", async () => {
    const none = JSON.parse((await runCli(["stats", "--from", "2024-04-03", "--json"], env())).stdout);
    expect(none.flow.randomised).toBe(0);
    expect(none.scope.period).toBe("From 2024-04-03 to now");
    const april = JSON.parse((await runCli(["stats", "--from", "01/04/2024", "--to", "2024-04-02", "--borough", "wandsworth", "--json"], env())).stdout);
    expect(april.flow.randomised).toBe(6);
    expect(april.scope.area).toBe("Borough Wandsworth");
  });

  it("refuses bad options with exit code 2", async () => {
    const both = await runCli(["stats", "--ward", "E05000001", "--borough", "Merton"], env());
    expect(both).toMatchObject({ code: 2 });
    expect(both.stderr.trim()).toBe("Give one of --ward, --borough or --bcu.");
    const bcuAndBorough = await runCli(["stats", "--bcu", "Default BCU", "--borough", "Merton"], env());
    expect(bcuAndBorough).toMatchObject({ code: 2 });
    const date = await runCli(["stats", "--from", "2024-02-30"], env());
    expect(date.code).toBe(2);
    expect(date.stderr).toContain("--from: February 2024 has no day 30");
    const borough = await runCli(["stats", "--borough", "Atlantis"], env());
    expect(borough.code).toBe(2);
    expect(borough.stderr).toContain('Unknown borough "Atlantis". Known boroughs: Merton, Richmond, Wandsworth.');
    const bcu = await runCli(["stats", "--bcu", "North"], env());
    expect(bcu.code).toBe(2);
    expect(bcu.stderr).toContain('Unknown BCU "North". Known BCUs: Default BCU.');
  });

  it("narrows to one BCU", async () => {
    const all = JSON.parse((await runCli(["stats", "--json"], env())).stdout);
    const bcu = JSON.parse((await runCli(["stats", "--bcu", "default bcu", "--json"], env())).stdout);
    expect(bcu.scope.area).toBe("BCU Default BCU");
    expect(bcu.flow).toEqual(all.flow);
  });
});
