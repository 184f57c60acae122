import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";
import { createTestDatabase, type TestDatabase } from "../../helpers/testDb.js";
import { cases as casesReceived } from "../../helpers/records.js";
import { matchApiKey } from "../../../src/server/apiKeys.js";

describe("reassure demo-data, cases import, allocate, allocation verify", () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase("sqlite");
    dir = mkdtempSync(join(tmpdir(), "reassure-cli-cases-"));
  });
  afterAll(() => db.dispose());
  const env = () => ({ DATABASE_URL: db.url });

  it("writes the same synthetic files for the same seed", async () => {
    const a = await runCli(["demo-data", "--seed", "s1", "--wards", "79", "--days", "20", "--out", join(dir, "a")]);
    const b = await runCli(["demo-data", "--seed", "s1", "--wards", "79", "--days", "20", "--out", join(dir, "b")]);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/\(79 wards in 1 BCU\)/);
    expect(readFileSync(join(dir, "a", "cases.csv"), "utf8")).toBe(readFileSync(join(dir, "b", "cases.csv"), "utf8"));
    const bad = await runCli(["demo-data", "--seed", "s1", "--wards", "many", "--out", dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--wards: expected a whole number above 0, got "many"');
  });

  it("writes a whole force with --force: 12 BCUs and about 630 wards that import as units, and a year of cases", async () => {
    const force = await runCli(["demo-data", "--seed", "force", "--force", "--out", join(dir, "force")]);
    expect(force.code).toBe(0);
    const [, wards, bcus, cases] = /\((\d+) wards in (\d+) BCUs\) and .*\((\d+) cases\)/.exec(force.stdout)!.map(Number);
    expect(bcus).toBe(12);
    expect(wards).toBeGreaterThanOrEqual(590);
    expect(wards).toBeLessThanOrEqual(670);
    expect(cases).toBeGreaterThan(21_000);
    expect(cases).toBeLessThan(23_500);
    const forceDb = await createTestDatabase("sqlite");
    try {
      expect((await runCli(["wards", "import", join(dir, "force", "wards.csv")], { DATABASE_URL: forceDb.url })).code).toBe(0);
      const units = JSON.parse((await runCli(["units", "list", "--json"], { DATABASE_URL: forceDb.url })).stdout) as { bcus: { name: string; wards: number; boroughs: unknown[] }[] };
      expect(units.bcus.map((b) => b.name)).toContain("Central West");
      expect(units.bcus.filter((b) => b.wards > 0)).toHaveLength(12);
      expect(units.bcus.reduce((n, b) => n + b.boroughs.length, 0)).toBe(32);
    } finally {
      await forceDb.dispose();
    }
    const both = await runCli(["demo-data", "--seed", "force", "--force", "--wards", "10", "--out", dir]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--wards and --force");
  });

  it("imports demo data all or nothing, allocates, and verifies the allocation", async () => {
    await runCli(["demo-data", "--seed", "s2", "--wards", "12", "--days", "30", "--with-errors", "--out", join(dir, "e")]);
    const wards = readFileSync(join(dir, "e", "wards.csv"), "utf8");
    expect((await runCli(["wards", "import", join(dir, "e", "wards.csv")], env())).code).toBe(0);
    const refused = await runCli(["cases", "import", join(dir, "e", "cases.csv")], env());
    expect(refused.code).toBe(2);
    expect(refused.stdout).toMatch(/nothing imported, 3 problem\(s\):/);
    expect(refused.stdout).toMatch(/row \d+, ward_code: ".*" — expected a known ward code/);
    expect(await casesReceived(db.store)).toEqual([]);

    const skipped = await runCli(["cases", "import", join(dir, "e", "cases.csv"), "--skip-invalid", "--json"], env());
    expect(skipped.code).toBe(0);
    const report = JSON.parse(skipped.stdout);
    expect(report).toMatchObject({ written: true, problems: [expect.anything(), expect.anything(), expect.anything()] });
    expect(report.created).toBeGreaterThan(30);

    const allocated = await runCli(["allocate", "--json"], env());
    expect(allocated.code).toBe(0);
    const result = JSON.parse(allocated.stdout);
    const eligible = (await casesReceived(db.store)).filter((c) => c.eligible).length;
    expect(result.allocated).toHaveLength(eligible);
    expect(wards).toContain(result.allocated[0].wardCode);

    const verify = await runCli(["allocation", "verify"], env());
    expect(verify.stdout).toMatch(/^OK: \d+ randomised allocations match/);
    expect(verify.code).toBe(0);
  });

  it("reports a missing file and an unknown exclusion with exit code 2", async () => {
    const missing = await runCli(["cases", "import", join(dir, "none.csv")], env());
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.stderr.trim()).toBe(`No such file: ${join(dir, "none.csv")}`);
    const unknown = await runCli(["allocation", "exclude", "0000000/00", "--reason", "duplicate report"], env());
    expect(unknown.code).toBe(2);
    expect(unknown.stdout.trim()).toBe("Unknown crime reference 0000000/00.");
  });

  it("makes an API key whose configured hash accepts it", async () => {
    const made = await runCli(["apikey", "new", "cms"]);
    expect(made.code).toBe(0);
    const key = /^\s+(rsk_\S+)$/m.exec(made.stdout)![1]!;
    const entry = /^\s+(cms:sha256:[0-9a-f]{64})$/m.exec(made.stdout)![1]!;
    expect(matchApiKey(key, new Map([["cms", entry.split(":")[2]!]]))).toBe("cms");
  });
});
