import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { openStore, type PrismaStore } from "../../src/store/prismaStore.js";

export type TestProvider = "sqlite" | "postgresql";

/** The providers this run tests against: every repository/bot test runs once per provider. */
export function testProviders(): TestProvider[] {
  const { postgresTemplateUrl } = inject("databases");
  return postgresTemplateUrl ? ["sqlite", "postgresql"] : ["sqlite"];
}

export interface TestDatabase {
  url: string;
  store: PrismaStore;
  /** Closes the store and drops the database. */
  dispose(): Promise<void>;
}

/** A fresh, migrated database: a copy of the run's template, so no test sees another's rows. */
export async function createTestDatabase(provider: TestProvider): Promise<TestDatabase> {
  const { sqliteTemplate, postgresTemplateUrl } = inject("databases");
  if (provider === "sqlite") {
    const file = join(mkdtempSync(join(tmpdir(), "reassure-db-")), "test.db");
    copyFileSync(sqliteTemplate, file);
    const url = `file:${file}`;
    const store = await openStore(url);
    return { url, store, dispose: () => store.close() };
  }
  if (!postgresTemplateUrl) throw new Error("PostgreSQL is not available in this test run");
  const name = `reassure_test_${randomBytes(6).toString("hex")}`;
  const serverUrl = new URL(postgresTemplateUrl);
  const template = serverUrl.pathname.slice(1);
  serverUrl.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  try {
    // Copying a template needs it to have no other session: test files starting together take turns.
    await admin.query("SELECT pg_advisory_lock(727274)");
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  serverUrl.pathname = `/${name}`;
  const url = serverUrl.toString();
  const store = await openStore(url);
  return {
    url,
    store,
    async dispose() {
      await store.close();
      serverUrl.pathname = "/postgres";
      const admin2 = new pg.Client({ connectionString: serverUrl.toString() });
      await admin2.connect();
      await admin2.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin2.end();
    },
  };
}
