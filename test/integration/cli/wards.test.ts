import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";
import { createTestDatabase, type TestDatabase } from "../../helpers/testDb.js";

describe("reassure wards import / list", () => {
  let db: TestDatabase;
  let dir: string;
  const csv = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  beforeAll(async () => {
    db = await createTestDatabase("sqlite");
    dir = mkdtempSync(join(tmpdir(), "reassure-cli-"));
  });
  afterAll(() => db.dispose());
  const env = () => ({ DATABASE_URL: db.url });

  it("imports wards, keeps modes on re-import and reports what changed", async () => {
    const file = csv("wards.csv", "code,name,borough,mode\nE05013805,Abbey,Merton,trial\ne05013806,Colliers Wood,Merton,\nE05014001,Tooting Broadway,Wandsworth,rollout\n");
    const first = await runCli(["wards", "import", file], env());
    expect(first.stderr).toBe("");
    expect(first.stdout.trim()).toBe("Imported 3 wards: 3 created, 0 updated, 0 unchanged.");
    expect(first.code).toBe(0);

    const again = await runCli(["wards", "import", csv("wards2.csv", "code,name,borough\nE05013805,Abbey,Merton\nE05013806,Colliers Wood,Merton\nE05014001,Tooting,Wandsworth\n")], env());
    expect(again.stdout.trim()).toBe("Imported 3 wards: 0 created, 1 updated, 2 unchanged.");
    const list = await runCli(["wards", "list", "--json"], env());
    expect(JSON.parse(list.stdout)).toEqual([
      { code: "E05013805", name: "Abbey", borough: "Merton", bcu: "Default BCU", enabled: true, mode: "trial", channelId: null, binding: "unbound" },
      { code: "E05013806", name: "Colliers Wood", borough: "Merton", bcu: "Default BCU", enabled: true, mode: "off", channelId: null, binding: "unbound" },
      { code: "E05014001", name: "Tooting", borough: "Wandsworth", bcu: "Default BCU", enabled: true, mode: "rollout", channelId: null, binding: "unbound" },
    ]);
    const updates = await db.store.repos.events.forSubject("ward", "E05014001");
    expect(updates.map((e) => e.action)).toEqual(["ward.created", "ward.updated"]);
    expect(updates[1]!.actor).toMatch(/^cli:/);
  });

  it("refuses a file with any bad row, lists every problem, and writes nothing", async () => {
    const before = await db.store.repos.wards.list();
    const file = csv("bad.csv", "code,name,borough,mode\nE05099999,New Ward,Merton,trial\n!!,Bad Code,Merton,off\nE05099998,,Merton,sometimes\nE05099999,Dup,Merton,off\n");
    const result = await runCli(["wards", "import", file], env());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("nothing imported, 4 problem(s)");
    expect(result.stderr).toContain('row 2, code: "!!" — expected a ward code of 2–20 letters');
    expect(result.stderr).toContain("row 3, name: empty — expected 1–100 characters");
    expect(result.stderr).toContain('row 3, mode: "sometimes" — expected trial | rollout | off');
    expect(result.stderr).toContain('row 4, code: "E05099999" — expected a code not already used on row 1');
    expect(await db.store.repos.wards.list()).toEqual(before);
  });

  it("refuses a file with wrong columns before reading rows, and a missing file", async () => {
    const result = await runCli(["wards", "import", csv("cols.csv", "ward,name,postcode\nE1,A,SW1\n")], env());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('header, code: empty — expected a "code" column');
    expect(result.stderr).toContain('header, postcode: "postcode" — expected only the columns code, name, borough, mode, enabled, bcu');
    const missing = await runCli(["wards", "import", join(dir, "nope.csv")], env());
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe(`No such file: ${join(dir, "nope.csv")}`);
  });

  it("reports invalid configuration with every problem and exit code 2", async () => {
    const result = await runCli(["wards", "list"], { DATABASE_URL: "mysql://nope", LOG_LEVEL: "loud" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Invalid configuration:");
    expect(result.stderr).toContain("DATABASE_URL: expected file:<path>");
    expect(result.stderr).toContain("LOG_LEVEL: expected one of");
  });
});

describe("reassure db status / deploy", () => {
  it("reports pending migrations with exit code 1, then applies them", async () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), "reassure-cli-db-")), "fresh.db")}`;
    const pending = await runCli(["db", "status"], { DATABASE_URL: url });
    expect(pending.code).toBe(1);
    expect(pending.stdout).toMatch(/^pending  \d{14}_init$/m);
    expect(pending.stdout).toContain("not applied to sqlite: run reassure db deploy");
    const deploy = await runCli(["db", "deploy"], { DATABASE_URL: url });
    expect(deploy.code).toBe(0);
    expect(deploy.stdout).toContain("All migrations have been successfully applied.");
    const status = await runCli(["db", "status"], { DATABASE_URL: url });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^applied  \d{14}_init$/m);
    expect(status.stdout).toContain("Database schema is up to date");
  });
});
