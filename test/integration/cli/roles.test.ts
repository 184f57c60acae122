import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";
import { createTestDatabase, testProviders, type TestDatabase } from "../../helpers/testDb.js";
import { FixedClock } from "../../../src/domain/clock.js";
import { RoleService, type RoleGrant } from "../../../src/domain/people/roleService.js";

const OLU = "00000000-0000-4000-8000-000000000001";
const PAT = "00000000-0000-4000-8000-000000000002";
const SUE = "00000000-0000-4000-8000-000000000004";
const IVY = "00000000-0000-4000-8000-000000000009";
const BOOTSTRAP = "00000000-0000-4000-8000-0000000000ad";
const OPERATOR = `cli:${userInfo().username}`;

describe.each(testProviders())("reassure roles list / grant / revoke / import (%s)", (provider) => {
  let db: TestDatabase;
  let dir: string;
  const csv = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const roles = (...args: string[]) => runCli(["roles", ...args], { DATABASE_URL: db.url, BOOTSTRAP_ADMINS: BOOTSTRAP });
  const grants = async () =>
    (await db.store.db.personRole.findMany({ orderBy: [{ aadObjectId: "asc" }, { role: "asc" }] })).map((r) => `${r.aadObjectId} ${r.role} ${r.grantedBy}`);
  const roleEvents = async () =>
    (await db.store.repos.events.recent(1000))
      .filter((e) => e.action.startsWith("role."))
      .reverse()
      .map(({ actor, action, subjectType, subjectId, details }) => ({ actor, action, subjectType, subjectId, details }));
  const snapshot = async () => ({ grants: await grants(), events: await roleEvents(), people: await db.store.db.person.count() });

  beforeAll(async () => {
    db = await createTestDatabase(provider);
    dir = mkdtempSync(join(tmpdir(), "reassure-cli-roles-"));
  });
  afterAll(() => db.dispose());

  it("grants as /role does, audited with the operator as actor; a repeated grant says so and writes nothing", async () => {
    const granted = await roles("grant", OLU.toUpperCase(), "Officer", "--name", "Olu Officer");
    expect(granted).toMatchObject({ code: 0, stderr: "" });
    expect(granted.stdout.trim()).toBe(`${OLU} is now officer.`);
    const afterGrant = await snapshot();
    expect(afterGrant.grants).toEqual([`${OLU} officer ${OPERATOR}`]);
    expect(afterGrant.events).toEqual([{ actor: OPERATOR, action: "role.granted", subjectType: "person", subjectId: OLU, details: { role: "officer" } }]);

    const again = await roles("grant", OLU, "officer", "--name", "Someone Else");
    expect(again).toMatchObject({ code: 0, stdout: `${OLU} already has the officer role; nothing changed.\n` });
    expect(await snapshot()).toEqual(afterGrant);
    expect((await db.store.repos.people.get(OLU))?.displayName).toBe("Olu Officer");

    const list = await roles("list", "--json");
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([
      { aadObjectId: OLU, displayName: "Olu Officer", roles: ["officer"], holdings: [{ role: "officer", bcu: null }], bootstrapAdmin: false },
      { aadObjectId: BOOTSTRAP, displayName: null, roles: ["admin"], holdings: [{ role: "admin", bcu: null }], bootstrapAdmin: true },
    ]);
  });

  it("revokes as /role does, audited in the chain with the operator as actor; revoking a role not held writes nothing", async () => {
    await roles("grant", OLU, "officer");
    const revoked = await roles("revoke", OLU, "officer");
    expect(revoked).toMatchObject({ code: 0, stdout: `${OLU} no longer has the officer role.\n` });
    const afterRevoke = await snapshot();
    expect(afterRevoke.grants).toEqual([]);
    expect(afterRevoke.events.at(-1)).toEqual({ actor: OPERATOR, action: "role.revoked", subjectType: "person", subjectId: OLU, details: { role: "officer" } });
    const notHeld = await roles("revoke", OLU, "officer");
    expect(notHeld).toMatchObject({ code: 0, stdout: `${OLU} does not have the officer role; nothing changed.\n` });
    expect(await snapshot()).toEqual(afterRevoke);

    // The audit chain takes the CLI's entries like any other.
    const verify = await runCli(["audit", "verify"], { DATABASE_URL: db.url });
    expect(verify.code).toBe(0);
  });

  it("refuses a bad person id, an unknown role and a bootstrap admin's revocation with exit code 2, writing nothing", async () => {
    const before = await snapshot();
    const badId = await roles("grant", "olu@example.police.uk", "officer");
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain('"olu@example.police.uk" is not an Entra object id (a GUID).');
    const badRole = await roles("grant", PAT, "sergeant");
    expect(badRole.code).toBe(2);
    expect(badRole.stderr.trim()).toBe('"sergeant" is not a role. Roles: admin, hcop, inspector, supervisor, officer.');
    const bootstrap = await roles("revoke", BOOTSTRAP, "admin");
    expect(bootstrap.code).toBe(2);
    expect(bootstrap.stderr).toContain("is a bootstrap admin (BOOTSTRAP_ADMINS in the configuration); remove them there instead.");
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a role file with any bad line or column, naming each line, and writes nothing", async () => {
    const before = await snapshot();
    const bad = csv(
      "bad.csv",
      [
        "aad_object_id,role,display_name",
        `${PAT},officer,Pat PCSO`,
        "",
        `${PAT.toUpperCase()},OFFICER,`,
        "pat.pcso@example.police.uk,sergeant,Pat",
        `${SUE},hcop`,
        ",officer,Nobody",
        "",
      ].join("\n"),
    );
    const refused = await roles("import", bad);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe("");
    expect(refused.stderr.trim().split("\n")).toEqual([
      `${bad}: nothing imported, 5 problem(s):`,
      "  line 4 — expected each person, role and BCU once: the same as line 2",
      '  line 5, aad_object_id: "pat.pcso@example.police.uk" — expected the person\'s Entra object id (a GUID)',
      '  line 5, role: "sergeant" — expected one of admin, hcop, inspector, supervisor, officer',
      "  line 6 — expected 3 fields, as in the header (found 2)",
      "  line 7, aad_object_id: empty — expected the person's Entra object id (a GUID)",
    ]);
    expect(await snapshot()).toEqual(before);

    const columns = await roles("import", csv("columns.csv", `aad_object_id,role,scope,team\n${PAT},officer,BCU1,A\n`));
    expect(columns.code).toBe(2);
    expect(columns.stderr).toContain('line 1, scope — expected the column "bcu" for a role held in one BCU');
    expect(columns.stderr).toContain('line 1, team: "team" — expected only the columns aad_object_id, role, display_name');
    const missing = await roles("import", join(dir, "none.csv"));
    expect(missing).toMatchObject({ code: 2, stderr: `No such file: ${join(dir, "none.csv")}\n` });
    expect(await snapshot()).toEqual(before);
  });

  it("imports a role file's grants in one go, says which were held already, and a re-import writes nothing", async () => {
    await roles("grant", SUE, "supervisor");
    const before = await snapshot();
    const good = csv("good.csv", `Role,AAD_Object_ID\nofficer,${PAT}\nsupervisor,${SUE}\nHCOP,${SUE.toUpperCase()}\n`);
    const imported = await roles("import", good);
    expect(imported).toMatchObject({ code: 0, stderr: "" });
    expect(imported.stdout.trim().split("\n")).toEqual([
      `Imported ${good}: 2 granted, 1 already held (unchanged).`,
      `  line 2: ${PAT} officer — granted`,
      `  line 3: ${SUE} supervisor — already held`,
      `  line 4: ${SUE} hcop — granted`,
    ]);
    const after = await snapshot();
    expect(after.grants).toEqual([`${PAT} officer ${OPERATOR}`, `${SUE} hcop ${OPERATOR}`, `${SUE} supervisor ${OPERATOR}`]);
    expect(after.events.slice(before.events.length)).toEqual([
      { actor: OPERATOR, action: "role.granted", subjectType: "person", subjectId: PAT, details: { role: "officer" } },
      { actor: OPERATOR, action: "role.granted", subjectType: "person", subjectId: SUE, details: { role: "hcop" } },
    ]);

    const again = await roles("import", good);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("0 granted, 3 already held (unchanged).");
    expect(await snapshot()).toEqual(after);

    const text = await roles("list");
    const unnamed = "(name not yet seen)".padEnd(24);
    expect(text.stdout).toContain(`${SUE}  ${unnamed}  hcop, supervisor\n`);
    expect(text.stdout).toContain(`${BOOTSTRAP}  ${unnamed}  admin  (admin from BOOTSTRAP_ADMINS)\n`);
  });

  it("holds an HCOP's or inspector's role for one BCU (--bcu, a bcu column); refuses an unknown BCU or a BCU for another role, writing nothing", async () => {
    const before = await snapshot();
    const unknown = await roles("grant", IVY, "hcop", "--bcu", "Nowhere");
    expect(unknown).toMatchObject({ code: 2, stdout: "" });
    expect(unknown.stderr).toContain('There is no BCU called "Nowhere". Known BCUs: Default BCU. Nothing was changed.');
    const forceWide = await roles("import", csv("admin-bcu.csv", `aad_object_id,role,bcu\n${IVY},admin,Default BCU\n`));
    expect(forceWide).toMatchObject({ code: 2, stdout: "" });
    expect(forceWide.stderr).toContain('line 2, bcu: "Default BCU" — expected no BCU for the admin role: only hcop and inspector roles are held for one BCU');
    expect(await snapshot()).toEqual(before);

    const granted = await roles("import", csv("bcu.csv", `aad_object_id,role,bcu\n${IVY},hcop,Default BCU\n${IVY},inspector,\n`));
    expect(granted).toMatchObject({ code: 0, stderr: "" });
    expect(granted.stdout).toContain(`line 2: ${IVY} hcop (Default BCU) — granted`);
    expect(granted.stdout).toContain(`line 3: ${IVY} inspector — granted`);
    const listed = JSON.parse((await roles("list", "--json")).stdout) as { aadObjectId: string; holdings: unknown[] }[];
    expect(listed.find((p) => p.aadObjectId === IVY)?.holdings).toEqual([{ role: "hcop", bcu: "Default BCU" }, { role: "inspector", bcu: null }]);
    expect((await roles("revoke", IVY, "hcop")).stdout).toBe(`${IVY} does not have the hcop role; nothing changed.\n`);
    expect((await roles("revoke", IVY, "hcop", "--bcu", "Default BCU")).stdout).toBe(`${IVY} no longer has the hcop (Default BCU) role.\n`);
    await roles("revoke", IVY, "inspector");
  });

  it("writes a batch of grants as one transaction: a failure part way leaves no row and no event", async () => {
    const before = await snapshot();
    const service = new RoleService(db.store, new FixedClock(new Date("2024-04-02T09:00:00Z")), []);
    const rows: RoleGrant[] = [
      { aadObjectId: "00000000-0000-4000-8000-000000000077", role: "officer", displayName: "New Officer" },
      { aadObjectId: "00000000-0000-4000-8000-000000000078", role: "sergeant" as never },
    ];
    await expect(service.grantMany(rows, OPERATOR)).rejects.toThrow();
    expect(await snapshot()).toEqual(before);
  });
});
