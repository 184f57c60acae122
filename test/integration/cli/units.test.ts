import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";
import { createTestDatabase, testProviders, type TestDatabase } from "../../helpers/testDb.js";

describe.each(testProviders())("reassure wards import with BCUs / units list (%s)", (provider) => {
  let db: TestDatabase;
  let dir: string;
  const csv = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  beforeAll(async () => {
    db = await createTestDatabase(provider);
    dir = mkdtempSync(join(tmpdir(), "reassure-units-"));
  });
  afterAll(() => db.dispose());
  const env = () => ({ DATABASE_URL: db.url });
  const snapshot = async () => ({ wards: await db.store.repos.wards.list(), bcus: await db.store.repos.wards.bcus() });

  it("imports a ward file with a bcu column and shows the tree with counts", async () => {
    const empty = await runCli(["units", "list"], env());
    expect(empty.stdout.trim()).toBe("No wards. Import them with: reassure wards import <file.csv>");
    const file = csv(
      "wards.csv",
      "code,name,borough,bcu,mode\nE05013805,Abbey,Merton,South West,trial\nE05013806,Colliers Wood,Merton,South West,rollout\nE05014001,Tooting,Wandsworth,South West,\nE05000001,Camden Town,Camden,Central North,trial\n",
    );
    const imported = await runCli(["wards", "import", file], env());
    expect(imported.stderr).toBe("");
    expect(imported.stdout.trim()).toBe("Imported 4 wards: 4 created, 0 updated, 0 unchanged.\nNew BCUs: South West, Central North.");
    // A file without the bcu column keeps working: known wards keep their BCU, a new one takes its borough's.
    const plain = await runCli(["wards", "import", csv("plain.csv", "code,name,borough\nE05013805,Abbey,Merton\nE05013807,Dundonald,Merton\n")], env());
    expect(plain.stdout.trim()).toBe("Imported 2 wards: 1 created, 0 updated, 1 unchanged.");

    const text = await runCli(["units", "list"], env());
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(
      [
        "Force: 2 BCUs, 3 boroughs, 5 wards (0 bound; 2 trial, 1 rollout, 2 off), 0 cases",
        "  Central North: 1 borough, 1 ward (0 bound; 1 trial, 0 rollout, 0 off), 0 cases",
        "    Camden: 1 ward (0 bound; 1 trial, 0 rollout, 0 off), 0 cases",
        "  South West: 2 boroughs, 4 wards (0 bound; 1 trial, 1 rollout, 2 off), 0 cases",
        "    Merton: 3 wards (0 bound; 1 trial, 1 rollout, 1 off), 0 cases",
        "    Wandsworth: 1 ward (0 bound; 0 trial, 0 rollout, 1 off), 0 cases",
        "",
      ].join("\n"),
    );
    const json = JSON.parse((await runCli(["units", "list", "--json"], env())).stdout);
    expect(json.force).toEqual({ bcus: 2, boroughs: 3, wards: 5, bound: 0, trial: 2, rollout: 1, off: 2, cases: 0 });
    expect(json.bcus[1]).toMatchObject({ name: "South West", wards: 4, boroughs: [{ name: "Merton", wards: 3, trial: 1, rollout: 1, off: 1 }, { name: "Wandsworth", wards: 1 }] });
  });

  it.each([
    ["a ward in two BCUs", "code,name,borough,bcu\nE05099001,New,Sutton,South West\nE05099001,New,Sutton,Central North\n", ['row 2, code: "E05099001" — expected a code not already used on row 1 (a ward is in one BCU: row 1 puts it in "South West")']],
    ["a blank BCU", "code,name,borough,bcu\nE05099001,New,Sutton,South West\nE05099002,Newer,Sutton,\n", ["row 2, bcu: empty — expected the name of the ward's BCU: this file has a bcu column, so every row names one"]],
    ["a variant of a known BCU", "code,name,borough,bcu\nE05099001,New,Sutton,south west\n", ['row 1, bcu: "south west" — expected a known BCU: "South West" exists, spelled so (a different spelling is not a new BCU)']],
    [
      "a borough split across BCUs in the file",
      "code,name,borough,bcu\nE05099001,New,Sutton,South West\nE05099002,Newer,Sutton,Central North\nE05099003,Newest,Sutton,South West\n",
      [1, 2, 3].map((row) => `row ${row}, bcu: "${row === 2 ? "Central North" : "South West"}" — expected one BCU for borough "Sutton", whose rows name "South West" (rows 1, 3) and "Central North" (row 2)`),
    ],
    [
      "a borough split with the stored wards",
      "code,name,borough,bcu\nE05099001,New,Merton,Central North\n",
      ['row 1, bcu: "Central North" — expected one BCU for borough "Merton", which would be split across "South West" (ward E05013805 (not in this file), ward E05013806 (not in this file), ward E05013807 (not in this file)) and "Central North" (row 1)'],
    ],
    [
      "a ward moving to another BCU",
      "code,name,borough,bcu\nE05014001,Tooting,Wandsworth,Central North\n",
      ['row 1, bcu: "Central North" — expected "South West", the ward\'s BCU now (trials are per BCU: import with --move-wards to move wards deliberately)'],
    ],
  ])("refuses %s, lists each row and writes nothing", async (_name, content, lines) => {
    const before = await snapshot();
    const result = await runCli(["wards", "import", csv("bad.csv", content)], env());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`nothing imported, ${lines.length} problem(s)`);
    for (const line of lines) expect(result.stderr).toContain(`  ${line}`);
    expect(await snapshot()).toEqual(before);
  });

  it("moves a whole borough to another BCU with --move-wards", async () => {
    const result = await runCli(["wards", "import", "--move-wards", csv("move.csv", "code,name,borough,bcu\nE05014001,Tooting,Wandsworth,Central North\n")], env());
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe("Imported 1 wards: 0 created, 1 updated, 0 unchanged.\nMoved E05014001 from South West to Central North.");
    expect(await db.store.repos.wards.get("E05014001")).toMatchObject({ bcu: "Central North", borough: "Wandsworth" });
  });
});
