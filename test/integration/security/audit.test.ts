import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN_AAD, BotHarness } from "../../helpers/botHarness.js";
import { user } from "../../helpers/activities.js";
import { runCli } from "../../helpers/cli.js";
import { testProviders } from "../../helpers/testDb.js";
import { caseCsv, importCases, seedWards } from "../../helpers/seed.js";
import { verifyAuditLog } from "../../../src/domain/audit/verifyLog.js";
import { eventHash } from "../../../src/domain/audit/chain.js";
import { openStore } from "../../../src/store/prismaStore.js";
import { RoleService } from "../../../src/domain/people/roleService.js";

const ZEROS = "0".repeat(64);

describe.each(testProviders())("tamper-evident event log (%s)", (provider) => {
  let bot: BotHarness;
  beforeEach(async () => {
    bot = await BotHarness.start(provider);
    // A log built by real actions: ward import, case import, allocation, role grants.
    await seedWards(bot.deps);
    await importCases(bot.deps, caseCsv(12));
    await bot.deps.allocation.allocate({ actor: "hcop-1" });
    for (let i = 1; i <= 3; i++) await bot.deps.roles.grant({ aadObjectId: user(i).aadObjectId }, "officer", ADMIN_AAD);
  });
  afterEach(() => bot.stop());

  const db = () => bot.db.store.db;
  const raw = (sql: string) => db().$executeRawUnsafe(sql);
  // Small batches, so that walking a few dozen events crosses several of them.
  const verify = () => verifyAuditLog(bot.db.store.repos.audit, { batchSize: 7 });
  const bySeq = async (seq: number) => (await db().event.findUnique({ where: { seq } }))!;
  // A DBA can drop the trigger that refuses updates; the chain is what still tells.
  const dropUpdateGuard = () => raw(provider === "sqlite" ? `DROP TRIGGER "Event_no_update"` : `DROP TRIGGER "Event_no_update" ON "Event"`);

  it("chains every event in id order, from 64 zeros, and verifies", async () => {
    const rows = await db().event.findMany({ orderBy: { id: "asc" } });
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows[0]!.prevHash).toBe(ZEROS);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    // The documented format, computed here without the chain module: the stored time round-trips to the millisecond.
    const first = rows[0]!;
    const canonical = JSON.stringify(["reassure.audit.v1", 1, first.at.toISOString(), first.actor, first.action, first.subjectType, first.subjectId, first.details, ZEROS]);
    expect(first.hash).toBe(createHash("sha256").update(canonical).digest("hex"));
    expect(await db().auditHead.findUnique({ where: { id: 1 } })).toMatchObject({ lastSeq: rows.length, hash: rows.at(-1)!.hash, prunedThroughSeq: 0 });
    expect(await verify()).toMatchObject({ ok: true, events: rows.length, legacyEvents: 0, head: { seq: rows.length, hash: rows.at(-1)!.hash } });
  });

  it("refuses to update an event in the database", async () => {
    await expect(raw(`UPDATE "Event" SET "actor" = 'someone else' WHERE "seq" = 3`)).rejects.toThrow(/events cannot be changed/);
    expect((await bySeq(3)).actor).not.toBe("someone else");
  });

  it("names an edited event", async () => {
    await dropUpdateGuard();
    const target = await bySeq(10);
    await raw(`UPDATE "Event" SET "details" = '{"arm":"BAU"}' WHERE "seq" = 10`);
    expect(await verify()).toMatchObject({
      ok: false,
      events: 9,
      problem: { kind: "edited", eventId: target.id, seq: 10, message: `event ${target.id} (seq 10): its content does not match its hash (edited?)` },
    });
  });

  it("finds an event deleted from the middle", async () => {
    const next = await bySeq(11);
    await raw(`DELETE FROM "Event" WHERE "seq" = 10`);
    expect(await verify()).toMatchObject({ ok: false, problem: { kind: "link", eventId: next.id, message: `event ${next.id} (seq 11) follows seq 9: seq 10 is missing (deleted?)` } });
  });

  it("finds a deleted last event", async () => {
    const { lastSeq } = (await db().auditHead.findUnique({ where: { id: 1 } }))!;
    await raw(`DELETE FROM "Event" WHERE "seq" = ${lastSeq}`);
    expect(await verify()).toMatchObject({ ok: false, problem: { kind: "head", message: `the head says the last event is seq ${lastSeq} but the log ends at seq ${lastSeq - 1} (events deleted at the end?)` } });
  });

  it("finds inserted events: without a hash, forged in place of a real one, or appended past the head", async () => {
    const copyOf = (seq: number, columns: string) =>
      `INSERT INTO "Event" ("seq", "at", "actor", "action", "subjectType", "subjectId", "details", "prevHash", "hash") SELECT ${columns} FROM "Event" WHERE "seq" = ${seq}`;
    // 1. A row without chain columns, as if from before the chain.
    await raw(copyOf(5, `NULL, "at", 'forger', 'role.granted', 'person', 'me', '{"role":"admin"}', NULL, NULL`));
    const unhashed = (await db().event.findFirst({ where: { actor: "forger" } }))!;
    expect(await verify()).toMatchObject({ ok: false, problem: { kind: "unhashed", eventId: unhashed.id, message: `event ${unhashed.id} has no hash but was written after the chain began (inserted?)` } });
    await raw(`DELETE FROM "Event" WHERE "actor" = 'forger'`);
    expect(await verify()).toMatchObject({ ok: true });

    // 2. A forger who knows the algorithm: a well-formed event at seq 10, in place of the real one.
    const previous = await bySeq(9);
    // Copied from seq 9, so its time is seq 9's.
    const forged = { seq: 10, at: previous.at, actor: "forger", action: "role.granted", subjectType: "person", subjectId: "me", details: '{"role":"admin"}' };
    await raw(`DELETE FROM "Event" WHERE "seq" = 10`);
    await raw(copyOf(9, `10, "at", 'forger', 'role.granted', 'person', 'me', '{"role":"admin"}', '${previous.hash}', '${eventHash(forged, previous.hash!)}'`));
    const after = await bySeq(11);
    expect(await verify()).toMatchObject({ ok: false, problem: { kind: "link", eventId: after.id, message: `event ${after.id} (seq 11) follows seq 10 but its prevHash does not match (deleted or inserted before it?)` } });
  });

  it("finds a well-formed event appended past the head", async () => {
    const head = (await db().auditHead.findUnique({ where: { id: 1 } }))!;
    const last = await bySeq(head.lastSeq);
    const next = head.lastSeq + 1;
    const hash = eventHash({ seq: next, at: last.at, actor: "forger", action: "role.granted", subjectType: "person", subjectId: "me", details: "{}" }, head.hash);
    await raw(
      `INSERT INTO "Event" ("seq", "at", "actor", "action", "subjectType", "subjectId", "details", "prevHash", "hash") SELECT ${next}, "at", 'forger', 'role.granted', 'person', 'me', '{}', '${head.hash}', '${hash}' FROM "Event" WHERE "seq" = ${head.lastSeq}`,
    );
    expect(await verify()).toMatchObject({ ok: false, problem: { kind: "head", message: `the log continues past the head: it holds seq ${next} but the head says the last event is seq ${head.lastSeq} (events inserted at the end?)` } });
  });

  it("keeps one chain when 50 transactions append at once", async () => {
    const before = await db().event.count();
    // PostgreSQL: two instances, each with its own connection pool. SQLite is one instance, as it is deployed.
    const other = provider === "postgresql" ? await openStore(bot.db.url) : bot.db.store;
    try {
      const roles = [bot.deps.roles, new RoleService(other, bot.clock, [])];
      const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => roles[i % 2]!.grant({ aadObjectId: user(100 + i).aadObjectId }, "officer", ADMIN_AAD)));
      expect(outcomes.every((o) => o === "granted")).toBe(true);
    } finally {
      if (other !== bot.db.store) await other.close();
    }
    const rows = await db().event.findMany({ orderBy: { seq: "asc" } });
    expect(rows).toHaveLength(before + 50);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    // No fork: no two events claim the same predecessor, and id order is chain order.
    expect(new Set(rows.map((r) => r.prevHash)).size).toBe(rows.length);
    expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort((a, b) => a - b));
    expect(await verify()).toMatchObject({ ok: true, events: before + 50 });
  });

  it("`reassure audit verify` exits 0 on an intact log, 1 with the first broken link, 2 for a malformed --expect", async () => {
    const env = { DATABASE_URL: bot.db.url };
    const intact = await runCli(["audit", "verify"], env);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/^OK: \d+ events chained from the start to the head; every hash and link matches\.\nHead: seq (\d+) hash ([0-9a-f]{64})/);
    const [, seq, hash] = /Head: seq (\d+) hash ([0-9a-f]{64})/.exec(intact.stdout)!;

    const next = await bySeq(6);
    await raw(`DELETE FROM "Event" WHERE "seq" = 5`);
    const broken = await runCli(["audit", "verify", "--json", "--expect", `${seq}:${hash}`], env);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({ ok: false, events: 4, problem: { kind: "link", eventId: next.id, seq: 6, message: `event ${next.id} (seq 6) follows seq 4: seq 5 is missing (deleted?)` } });
    expect((await runCli(["audit", "verify", "--expect", "12"], env)).code).toBe(2);
  }, 180_000);
});
