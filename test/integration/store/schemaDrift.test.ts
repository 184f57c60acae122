import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { runPrismaCli } from "../../../src/store/migrations.js";
import { createTestDatabase, testProviders } from "../../helpers/testDb.js";

/**
 * One source of truth: prisma/models.prisma. These fail if a provider's schema was edited by hand, or if its migrations
 * no longer build the schema (a model changed without `npm run db:migration`).
 */
describe("schema and migrations stay in step with prisma/models.prisma", () => {
  it("each provider's schema.prisma is exactly what `npm run db:schema` writes", () => {
    const result = spawnSync("node", ["scripts/db-schema.mjs", "--check"], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("the SQLite migrations build the same tables, columns, indexes and keys as the schema itself", async () => {
    const db = await createTestDatabase("sqlite");
    await db.store.close();
    // Prisma cannot re-read SQLite enums by introspection, so compare the catalogue with a database built from the schema.
    const { stdout: script } = await runPrismaCli(db.url, ["migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/sqlite/schema.prisma", "--script"]);
    const fromSchema = new Database(join(mkdtempSync(join(tmpdir(), "reassure-drift-")), "schema.db"));
    fromSchema.exec(script);
    const migrated = new Database(db.url.replace(/^file:/, ""), { readonly: true });
    expect(describeSqlite(migrated)).toEqual(describeSqlite(fromSchema));
    migrated.close();
    fromSchema.close();
  });

  it.runIf(testProviders().includes("postgresql"))("the PostgreSQL migrations, applied to an empty database, introspect to exactly the schema", async () => {
    // A copy, not the template itself: other test files copy the template, which needs it free of sessions.
    const db = await createTestDatabase("postgresql");
    const url = db.url;
    const { stdout: introspected } = await runPrismaCli(url, ["db", "pull", "--print"]);
    const pulled = join(mkdtempSync(join(tmpdir(), "reassure-drift-")), "pulled.prisma");
    // `db pull --print` prefixes a warning about the url under driver adapters; the datamodel starts at the generator.
    writeFileSync(pulled, introspected.slice(introspected.indexOf("generator ")));
    const { stdout } = await runPrismaCli(url, ["migrate", "diff", "--from-schema-datamodel", pulled, "--to-schema-datamodel", "prisma/postgresql/schema.prisma", "--script"]);
    expect(stdout.trim()).toBe("-- This is an empty migration.");
    await db.dispose();
  });
});

function describeSqlite(db: Database.Database) {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name")
    .pluck()
    .all() as string[];
  return tables.map((table) => ({
    table,
    // By name, without position: a column added by a later migration sits last, and that is not drift.
    columns: (db.prepare(`PRAGMA table_info("${table}")`).all() as { cid: number; name: string }[])
      .map(({ cid: _position, ...column }) => column)
      .sort((a, b) => a.name.localeCompare(b.name)),
    indexes: (db.prepare(`PRAGMA index_list("${table}")`).all() as { name: string; unique: number }[])
      .map((index) => ({ ...index, columns: db.prepare(`PRAGMA index_info("${index.name}")`).all() }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    foreignKeys: db.prepare(`PRAGMA foreign_key_list("${table}")`).all(),
  }));
}
