import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openStore } from "../../../src/store/prismaStore.js";
import { verifyAuditLog } from "../../../src/domain/audit/verifyLog.js";
import { RetentionService } from "../../../src/domain/retention/retentionService.js";
import { FixedClock } from "../../../src/domain/clock.js";

const MIGRATIONS = join("prisma", "sqlite", "migrations");

/**
 * A database that had events before the chain existed: the migration keeps them (without hashes) and records how many;
 * `audit verify` counts them, the chain starts after them, and the retention purge can still prune them. SQLite only:
 * it is the database that can be rebuilt migration by migration here without a server-side admin connection.
 */
describe("upgrading a database whose event log predates the chain (sqlite)", () => {
  it("keeps the old events outside the chain, counts them, and notices one deleted", async () => {
    const all = readdirSync(MIGRATIONS).filter((name) => /^\d{14}_/.test(name)).sort();
    const chainMigration = all.findIndex((name) => name.endsWith("_audit_chain_retention"));
    expect(chainMigration).toBeGreaterThan(0);
    const file = join(mkdtempSync(join(tmpdir(), "reassure-legacy-")), "legacy.db");
    const sqlite = new Database(file);
    const apply = (name: string) => sqlite.exec(readFileSync(join(MIGRATIONS, name, "migration.sql"), "utf8"));
    all.slice(0, chainMigration).forEach(apply);
    const insert = sqlite.prepare(`INSERT INTO "Event" ("at", "actor", "action", "subjectType", "subjectId", "details") VALUES (?, 'system', 'team.installed', 'team', ?, '{}')`);
    for (let i = 0; i < 3; i++) insert.run(`2024-01-0${i + 1}T09:00:00.000+00:00`, `team-${i}`);
    all.slice(chainMigration).forEach(apply);
    sqlite.close();

    const store = await openStore(`file:${file}`);
    try {
      expect(await store.db.auditHead.findUnique({ where: { id: 1 } })).toMatchObject({ lastSeq: 0, legacyCount: 3, legacyLastId: 3 });
      expect(await verifyAuditLog(store.repos.audit)).toMatchObject({ ok: true, events: 0, legacyEvents: 3 });

      await store.transaction((tx) => tx.events.appendMany([1, 2].map((n) => ({ actor: "system", action: "role.granted", subjectType: "person", subjectId: `p${n}`, details: { role: "officer" } })), new Date("2024-05-01T09:00:00Z")));
      const rows = await store.db.event.findMany({ orderBy: { id: "asc" } });
      expect(rows.map((r) => [r.id, r.seq])).toEqual([[1, null], [2, null], [3, null], [4, 1], [5, 2]]);
      expect(await verifyAuditLog(store.repos.audit)).toMatchObject({ ok: true, events: 2, legacyEvents: 3 });

      // The retention purge prunes old events, chained or not, and the head keeps count.
      // 100 days before this is noon on 2 January: the first two old events are older.
      const clock = new FixedClock(new Date("2024-04-11T12:00:00Z"));
      expect(await new RetentionService(store, clock).purge({ olderThanDays: 100, actor: "test" })).toMatchObject({ events: 2, cases: 0 });
      expect(await verifyAuditLog(store.repos.audit)).toMatchObject({ ok: true, legacyEvents: 1 });

      await store.db.$executeRawUnsafe(`DELETE FROM "Event" WHERE "id" = 3`);
      expect(await verifyAuditLog(store.repos.audit)).toMatchObject({
        ok: false,
        problem: { kind: "unhashed", message: "0 events from before the chain have no hash, but the head records 1 (events deleted or inserted?)" },
      });
    } finally {
      await store.close();
    }
  });
});
