import Database from "better-sqlite3";
import pg from "pg";
import { percentile } from "./spread.js";
import type { Provider } from "./databases.js";
import type { LoadResult } from "../load/protocol.js";

/**
 * Baseline (b): the database work of one Claim or Release issued straight through the driver, in one transaction —
 * read the referral by id, UPDATE … WHERE id AND version, INSERT the event, INSERT the outbox item — with no ORM, no
 * domain code and no HTTP. Run closed-loop by `connections` concurrent clients, each on its own referral, so that its
 * latency includes the same queueing the HTTP measurements see.
 *
 * The outbox rows are written as already delivered, so the running outbox worker leaves them alone; the write is the same.
 */
export interface DirectWriter {
  run(connections: number, durationSec: number): Promise<LoadResult>;
  close(): Promise<void>;
}

const isoSqlite = (d: Date) => d.toISOString().replace("Z", "+00:00");

interface Action {
  status: "posted" | "claimed";
  claimedBy: string | null;
  claimedByName: string | null;
}

function flip(current: string, n: number): Action {
  return current === "posted"
    ? { status: "claimed", claimedBy: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`, claimedByName: `Officer ${n}` }
    : { status: "posted", claimedBy: null, claimedByName: null };
}

function event(action: Action, referral: { id: number; caseId: number; claimedBy: string | null }) {
  const verb = action.status === "claimed" ? "claim" : "release";
  const details = verb === "claim" ? { referralId: referral.id } : { referralId: referral.id, releasedFrom: referral.claimedBy };
  return { verb, details: JSON.stringify(details), payload: JSON.stringify({ kind: "update_card", referralId: referral.id }) };
}

async function closedLoop(connections: number, durationSec: number, referralIds: readonly number[], once: (referralId: number, client: number) => Promise<void>): Promise<LoadResult> {
  if (referralIds.length < connections) throw new Error("more connections than referrals");
  const latencies: number[] = [];
  const started = performance.now();
  const end = started + durationSec * 1000;
  let errors = 0;
  await Promise.all(
    Array.from({ length: connections }, async (_, client) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          await once(referralIds[client]!, client);
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsedSec = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    kind: "result",
    latency: { p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99), mean: latencies.reduce((s, v) => s + v, 0) / latencies.length, max: latencies.at(-1)! },
    completed: latencies.length,
    elapsedSec,
    rps: latencies.length / elapsedSec,
    errors,
    non2xx: 0,
    failedActions: 0,
  };
}

export function directWriter(provider: Provider, url: string, referralIds: readonly number[]): DirectWriter {
  return provider === "sqlite" ? sqliteWriter(url.replace(/^file:/, ""), referralIds) : postgresWriter(url, referralIds);
}

function sqliteWriter(file: string, referralIds: readonly number[]): DirectWriter {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 10000");
  const read = db.prepare<[number], { id: number; caseId: number; wardCode: string; status: string; version: number; claimedBy: string | null }>(`SELECT * FROM "Referral" WHERE "id" = ?`);
  const update = db.prepare(
    `UPDATE "Referral" SET "status" = ?, "claimedBy" = ?, "claimedByName" = ?, "claimedAt" = ?, "lastChangedBy" = ?, "lastChangedAt" = ?, "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ? AND "version" = ?`,
  );
  const insertEvent = db.prepare(`INSERT INTO "Event" ("at", "actor", "action", "subjectType", "subjectId", "details") VALUES (?, ?, ?, 'case', ?, ?)`);
  const insertOutbox = db.prepare(`INSERT INTO "OutboxItem" ("kind", "referralId", "wardCode", "payload", "status", "attempts", "nextAttemptAt", "createdAt", "deliveredAt") VALUES ('update_card', ?, ?, ?, 'delivered', 0, ?, ?, ?)`);
  const act = db.transaction((referralId: number, client: number) => {
    const r = read.get(referralId);
    if (!r) throw new Error(`no referral ${referralId}`);
    const at = isoSqlite(new Date());
    const action = flip(r.status, client);
    const changed = update.run(action.status, action.claimedBy, action.claimedByName, action.status === "claimed" ? at : null, action.claimedByName ?? "Officer", at, at, referralId, r.version);
    if (changed.changes !== 1) throw new Error("lost the version race");
    const e = event(action, r);
    insertEvent.run(at, action.claimedBy ?? "bench", `referral.${e.verb}`, String(r.caseId), e.details);
    insertOutbox.run(referralId, r.wardCode, e.payload, at, at, at);
  });
  return {
    // The driver is synchronous: a client waits its turn in the event loop, as requests queue in the server.
    run: (connections, durationSec) => closedLoop(connections, durationSec, referralIds, async (id, client) => {
      await new Promise((resolve) => setImmediate(resolve));
      act(id, client);
    }),
    async close() {
      db.close();
    },
  };
}

function postgresWriter(url: string, referralIds: readonly number[]): DirectWriter {
  // The application's pool size (src/store/prismaClient.ts).
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const act = async (referralId: number, client: number) => {
    const c = await pool.connect();
    try {
      await c.query("BEGIN");
      const { rows } = await c.query(`SELECT * FROM "Referral" WHERE "id" = $1`, [referralId]);
      const r = rows[0] as { id: number; caseId: number; wardCode: string; status: string; version: number; claimedBy: string | null } | undefined;
      if (!r) throw new Error(`no referral ${referralId}`);
      const at = new Date();
      const action = flip(r.status, client);
      const changed = await c.query(
        `UPDATE "Referral" SET "status" = $1, "claimedBy" = $2, "claimedByName" = $3, "claimedAt" = $4, "lastChangedBy" = $5, "lastChangedAt" = $6, "version" = "version" + 1, "updatedAt" = $6 WHERE "id" = $7 AND "version" = $8`,
        [action.status, action.claimedBy, action.claimedByName, action.status === "claimed" ? at : null, action.claimedByName ?? "Officer", at, referralId, r.version],
      );
      if (changed.rowCount !== 1) throw new Error("lost the version race");
      const e = event(action, r);
      await c.query(`INSERT INTO "Event" ("at", "actor", "action", "subjectType", "subjectId", "details") VALUES ($1, $2, $3, 'case', $4, $5)`, [at, action.claimedBy ?? "bench", `referral.${e.verb}`, String(r.caseId), e.details]);
      await c.query(
        `INSERT INTO "OutboxItem" ("kind", "referralId", "wardCode", "payload", "status", "attempts", "nextAttemptAt", "createdAt", "deliveredAt") VALUES ('update_card', $1, $2, $3, 'delivered', 0, $4, $4, $4)`,
        [referralId, r.wardCode, e.payload, at],
      );
      await c.query("COMMIT");
    } catch (error) {
      await c.query("ROLLBACK");
      throw error;
    } finally {
      c.release();
    }
  };
  return {
    run: (connections, durationSec) => closedLoop(connections, durationSec, referralIds, act),
    close: () => pool.end(),
  };
}
