import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotHarness } from "../../helpers/botHarness.js";
import { testProviders } from "../../helpers/testDb.js";
import { caseCsv, importCases, seedWards } from "../../helpers/seed.js";
import { cases as casesReceived } from "../../helpers/records.js";
import { generateDemoData } from "../../../src/intake/index.js";

describe.each(testProviders())("case intake into the store (%s)", (provider) => {
  let bot: BotHarness;
  beforeEach(async () => {
    bot = await BotHarness.start(provider);
    await seedWards(bot.deps);
  });
  afterEach(() => bot.stop());

  const count = async () => (await casesReceived(bot.db.store)).length;

  it("imports a file, and importing it again changes nothing", async () => {
    const first = await importCases(bot.deps, caseCsv(12));
    expect(first).toMatchObject({ rows: 12, created: 12, updated: 0, unchanged: 0, problems: [], written: true });
    const again = await importCases(bot.deps, caseCsv(12));
    expect(again).toMatchObject({ rows: 12, created: 0, updated: 0, unchanged: 12, written: true });
    expect(await count()).toBe(12);
    expect((await bot.db.store.repos.events.forSubject("case", "1000000/24")).map((e) => e.action)).toEqual(["case.created"]);
  });

  it("stores a non-crime hate incident as not eligible, with the reason", async () => {
    await importCases(bot.deps, "crime_ref,reported_at,ward_code,record_type\n1234567/24,01/03/2024 10:00,E05000001,incident\n");
    const [stored] = await bot.deps.store.repos.cases.findByRefs(["1234567/24"]);
    expect(stored).toMatchObject({ recordType: "incident", eligible: false, ineligibleReason: "non-crime hate incident", reportedAt: new Date("2024-03-01T10:00:00Z") });
  });

  it("writes nothing from a file with any invalid row, and reports every problem", async () => {
    const csv = caseCsv(3, { extra: ["999/24,2024-03-01T10:00:00Z,E05000001,crime,", "1999999/24,31/02/2024 10:00,E0500001,crime,"] });
    const report = await importCases(bot.deps, csv);
    expect(report.written).toBe(false);
    expect(report.problems.map((p) => [p.row, p.column])).toEqual([
      [4, "crime_ref"],
      [5, "reported_at"],
      [5, "ward_code"],
    ]);
    expect(report.problems.find((p) => p.column === "ward_code")!.expected).toContain("E05000001");
    expect(await count()).toBe(0);

    const skipping = await importCases(bot.deps, csv, true);
    expect(skipping).toMatchObject({ written: true, created: 3 });
    expect(skipping.problems).toHaveLength(3);
    expect(await count()).toBe(3);
  });

  it("updates a changed case before allocation, and refuses a change to what decided an allocation", async () => {
    await importCases(bot.deps, caseCsv(2));
    const moved = caseCsv(2).replace("1000000/24,2024-03-01T08:00:00.000Z,E05000001,crime,public order", "1000000/24,2024-03-01T08:00:00.000Z,E05000002,crime,harassment");
    expect(await importCases(bot.deps, moved)).toMatchObject({ updated: 1, unchanged: 1, written: true });
    expect((await bot.deps.store.repos.cases.findByRefs(["1000000/24"]))[0]).toMatchObject({ wardCode: "E05000002", offence: "harassment" });
    const updated = (await bot.db.store.repos.events.forSubject("case", "1000000/24")).at(-1)!;
    expect(updated).toMatchObject({ action: "case.updated", details: { fields: ["wardCode", "offence"] } });

    await bot.deps.allocation.allocate({ actor: "test" });
    const back = caseCsv(3);
    const report = await importCases(bot.deps, back);
    expect(report.written).toBe(false);
    expect(report.problems).toEqual([{ row: 1, column: "ward_code", expected: expect.stringContaining("cannot change") }]);
    expect((await bot.deps.store.repos.cases.findByRefs(["1000000/24"]))[0]!.wardCode).toBe("E05000002");
    expect(await count()).toBe(2);
    const refused = (await bot.db.store.repos.events.forSubject("case", "1000000/24")).at(-1)!;
    expect(refused).toMatchObject({ action: "case.change_refused", details: { fields: ["wardCode"] } });
  });

  it("imports the synthetic demo data for 79 wards without a problem", async () => {
    const { wardsCsv, casesCsv } = generateDemoData({ seed: "intake", wards: 79, days: 30 });
    const rows = wardsCsv.trim().split("\n").slice(1).map((line) => line.split(","));
    await bot.deps.wards.importWards(rows.map(([code, name, borough]) => ({ code: code!, name: name!, borough: borough!, mode: "trial", enabled: true })), "test");
    const report = await importCases(bot.deps, casesCsv);
    expect(report.problems).toEqual([]);
    expect(report.created).toBeGreaterThan(30);
    expect(await count()).toBe(report.created);
  });
});
