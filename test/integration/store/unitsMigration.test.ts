import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { openStore } from "../../../src/store/prismaStore.js";
import { WardService } from "../../../src/domain/wards/wardService.js";
import { FixedClock } from "../../../src/domain/clock.js";
import { DEFAULT_BCU } from "../../../src/domain/wards/units.js";
import { testProviders, type TestProvider } from "../../helpers/testDb.js";

/** The migrations before and from the one that introduced BCUs. */
function migrations(provider: TestProvider): { before: string[]; from: string[]; sql: (name: string) => string } {
  const dir = join("prisma", provider, "migrations");
  const all = readdirSync(dir).filter((name) => /^\d{14}_/.test(name)).sort();
  const units = all.findIndex((name) => name.endsWith("_organisational_units"));
  expect(units).toBeGreaterThan(0);
  return { before: all.slice(0, units), from: all.slice(units), sql: (name) => readFileSync(join(dir, name, "migration.sql"), "utf8") };
}

const AT = "2024-01-02T09:00:00.000+00:00";
const LEGACY = [
  `INSERT INTO "Ward" ("code", "name", "borough", "enabled", "mode", "updatedAt") VALUES ('E05013805', 'Abbey', 'Merton', true, 'trial', '${AT}'), ('E05013806', 'Colliers Wood', 'Merton', true, 'rollout', '${AT}'), ('E05014001', 'Tooting', 'Wandsworth', false, 'off', '${AT}')`,
  `INSERT INTO "WardBinding" ("wardCode", "teamId", "channelId", "serviceUrl", "tenantId", "conversationRef", "status", "boundBy", "boundAt") VALUES ('E05013805', 'team-1', '19:abbey@thread.tacv2', 'https://smba.example/', 'tenant', '{}', 'active', 'admin', '${AT}')`,
  `INSERT INTO "Person" ("aadObjectId", "teamsUserId", "displayName", "updatedAt") VALUES ('00000000-0000-4000-8000-000000000001', '29:hana', 'Hana HCOP', '${AT}')`,
  `INSERT INTO "PersonRole" ("aadObjectId", "role", "grantedBy", "grantedAt") VALUES ('00000000-0000-4000-8000-000000000001', 'hcop', 'admin', '${AT}'), ('00000000-0000-4000-8000-000000000001', 'inspector', 'admin', '${AT}')`,
  `INSERT INTO "Case" ("crimeRef", "reportedAt", "wardCode", "recordType", "eligible", "importedAt", "updatedAt") VALUES ('01/123456/24', '${AT}', 'E05013805', 'crime', true, '${AT}', '${AT}'), ('01/123457/24', '${AT}', 'E05014001', 'crime', true, '${AT}', '${AT}')`,
];

/** A database migrated up to just before BCUs, with wards, a binding and cases; then the rest. Returns its url and a cleanup. */
async function legacyDatabase(provider: TestProvider): Promise<{ url: string; drop: () => Promise<void> }> {
  const { before, from, sql } = migrations(provider);
  if (provider === "sqlite") {
    const file = join(mkdtempSync(join(tmpdir(), "reassure-units-")), "legacy.db");
    const sqlite = new Database(file);
    before.forEach((name) => sqlite.exec(sql(name)));
    LEGACY.forEach((statement) => sqlite.exec(statement.replaceAll("true", "1").replaceAll("false", "0")));
    from.forEach((name) => sqlite.exec(sql(name)));
    sqlite.close();
    return { url: `file:${file}`, drop: async () => {} };
  }
  const server = new URL(inject("databases").postgresTemplateUrl!);
  const name = `reassure_units_${randomBytes(6).toString("hex")}`;
  server.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  server.pathname = `/${name}`;
  const url = server.toString();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const migration of before) await client.query(sql(migration));
  for (const statement of LEGACY) await client.query(statement);
  for (const migration of from) await client.query(sql(migration));
  await client.end();
  return {
    url,
    async drop() {
      server.pathname = "/postgres";
      const admin2 = new pg.Client({ connectionString: server.toString() });
      await admin2.connect();
      await admin2.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin2.end();
    },
  };
}

describe.each(testProviders())("upgrading a database with wards to organisational units (%s)", (provider) => {
  it("puts every ward in the default BCU and keeps wards, modes, bindings and cases", async () => {
    const { url, drop } = await legacyDatabase(provider);
    const store = await openStore(url);
    try {
      const wards = await store.repos.wards.list();
      expect(wards).toEqual([
        { code: "E05013805", name: "Abbey", borough: "Merton", bcu: DEFAULT_BCU, enabled: true, mode: "trial" },
        { code: "E05013806", name: "Colliers Wood", borough: "Merton", bcu: DEFAULT_BCU, enabled: true, mode: "rollout" },
        { code: "E05014001", name: "Tooting", borough: "Wandsworth", bcu: DEFAULT_BCU, enabled: false, mode: "off" },
      ]);
      expect(await store.repos.bindings.get("E05013805")).toMatchObject({ channelId: "19:abbey@thread.tacv2", status: "active" });
      expect(await store.repos.wards.bcus()).toEqual([DEFAULT_BCU]);
      // Roles granted before BCUs existed are held force-wide.
      expect((await store.repos.people.get("00000000-0000-4000-8000-000000000001"))?.holdings).toEqual([
        { role: "hcop", bcu: undefined },
        { role: "inspector", bcu: undefined },
      ]);
      const service = new WardService(store, new FixedClock(new Date("2024-05-01T09:00:00Z")));
      expect((await service.units()).bcus).toEqual([
        {
          name: DEFAULT_BCU, wards: 3, bound: 1, trial: 1, rollout: 1, off: 1, cases: 2,
          boroughs: [
            { name: "Merton", wards: 2, bound: 1, trial: 1, rollout: 1, off: 0, cases: 1 },
            { name: "Wandsworth", wards: 1, bound: 0, trial: 0, rollout: 0, off: 1, cases: 1 },
          ],
        },
      ]);
      // The force then names its BCUs: wards leave the default BCU without --move-wards, keeping modes and bindings.
      const result = await service.importWards(
        [
          { code: "E05013805", name: "Abbey", borough: "Merton", bcu: "South West", mode: undefined, enabled: undefined, row: 1 },
          { code: "E05013806", name: "Colliers Wood", borough: "Merton", bcu: "South West", mode: undefined, enabled: undefined, row: 2 },
        ],
        "test",
      );
      expect(result).toMatchObject({ ok: true, updated: ["E05013805", "E05013806"], newBcus: ["South West"], moved: [] });
      expect((await store.repos.wards.get("E05013805"))).toMatchObject({ bcu: "South West", mode: "trial" });
      expect(await store.repos.bindings.get("E05013805")).toMatchObject({ status: "active" });
    } finally {
      await store.close();
      await drop();
    }
  });
});
