import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardAction, user, type TestUser } from "../../helpers/activities.js";
import { BotProcess } from "../../helpers/botProcess.js";
import { FakeConnector } from "../../helpers/fakeConnector.js";
import { caseCsv, importCases } from "../../helpers/seed.js";
import { createTestDatabase, testProviders, type TestDatabase, type TestProvider } from "../../helpers/testDb.js";
import { COORDINATION_CHANNEL, ROLLOUT_WARDS, bindCoordination, referralIdOf, seedBoundWards, servicesFor, waitFor, MULTI_PROCESS_TIMEOUT_MS } from "./support.js";

const WARD = ROLLOUT_WARDS[0]!;
const ZONE = "Europe/London";
const CLICKS = 100;

/**
 * PostgreSQL is the database for several instances: two bot processes share it here. SQLite is single-instance by design
 * (better-sqlite3 blocks its thread while another process holds the write lock), so there one process takes the load.
 */
const setups: { provider: TestProvider; processes: number }[] = testProviders().map((provider) => ({ provider, processes: provider === "postgresql" ? 2 : 1 }));

const buttons = (card: any): string[] => (card?.actions ?? []).map((a: any) => a.title);

describe.each(setups)("bot processes sharing one database ($provider, $processes process(es))", ({ provider, processes }) => {
  const connector = new FakeConnector();
  const bots: BotProcess[] = [];
  let db: TestDatabase;
  const officers = Array.from({ length: CLICKS }, (_, i) => user(200 + i, `Officer ${i}`));
  const olu = user(1, "Olu Officer");
  let digestSlot: Date;

  beforeAll(async () => {
    await connector.start();
    db = await createTestDatabase(provider);
    const deps = servicesFor(db);
    await seedBoundWards(deps, [WARD], connector.url);
    await bindCoordination(deps, connector.url);
    await importCases(deps, caseCsv(2, { wards: [WARD.code] }));
    await deps.allocation.allocate({ actor: "test" });
    for (const o of [...officers, olu]) await deps.roles.grant({ aadObjectId: o.aadObjectId, displayName: o.name }, "officer", "test");
    // The daily digest's time was a minute ago, and it has run: nothing is due until a test says yesterday's ran last.
    const due = DateTime.now().setZone(ZONE).minus({ minutes: 1 }).startOf("minute");
    digestSlot = due.toJSDate();
    await db.store.db.jobLease.create({ data: { name: "daily-digest", lastSlot: digestSlot } });

    const env = { JOB_TICK_SECONDS: "1", DAILY_DIGEST_AT: due.toFormat("HH:mm"), TIME_ZONE: ZONE, LOG_LEVEL: "warn" };
    bots.push(...(await Promise.all(Array.from({ length: processes }, () => BotProcess.start({ databaseUrl: db.url, env })))));
    await waitFor("both referral cards to be posted", async () => (await db.store.db.referral.count({ where: { status: "posted" } })) === 2);
  }, MULTI_PROCESS_TIMEOUT_MS);

  afterAll(async () => {
    const exits = await Promise.all(bots.splice(0).map((bot) => bot.kill("SIGTERM")));
    await db?.dispose();
    await connector.stop();
    // A graceful stop: in-flight work finished, the store closed, exit code 0.
    for (const exit of exits) expect(exit).toEqual({ code: 0, signal: null });
  }, MULTI_PROCESS_TIMEOUT_MS);

  const bot = (i: number) => bots[i % bots.length]!;

  async function postedReferral(crimeRef: string) {
    const row = await db.store.db.referral.findFirstOrThrow({ where: { case: { crimeRef } } });
    return { id: row.id, version: row.version, where: { channelId: row.channelId!, activityId: row.activityId! } };
  }

  function claim(who: TestUser, ref: Awaited<ReturnType<typeof postedReferral>>) {
    return cardAction(connector.url, who, { verb: "claim", data: { verb: "claim", referralId: ref.id, version: ref.version } }, ref.where);
  }

  const claimEvents = async (crimeRef: string) => (await db.store.repos.events.forSubject("case", crimeRef)).filter((e) => e.action === "referral.claim");

  it("posts each referral card once, though every process delivers the outbox", async () => {
    const ids = (await db.store.db.referral.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((r) => r.id);
    const posted = connector.posts().map((p) => ({ channelId: p.channelId, referralId: referralIdOf(p.card) }));
    expect(posted.sort((a, b) => a.referralId! - b.referralId!)).toEqual(ids.map((referralId) => ({ channelId: WARD.channel.id, referralId })));
  });

  it(`lets exactly one of ${CLICKS} simultaneous claims win, clicked on every process`, async () => {
    const ref = await postedReferral("1000000/24");
    const responses = await Promise.all(officers.map((o, i) => bot(i).send(claim(o, ref))));
    expect(responses.map((r) => r.status)).toEqual(officers.map(() => 200));
    expect(responses.map((r) => r.body?.statusCode)).toEqual(officers.map(() => 200));
    const winners = officers.filter((_, i) => buttons(responses[i]!.body.value).includes("Complete"));
    expect(winners).toHaveLength(1);
    const row = await db.store.db.referral.findUniqueOrThrow({ where: { id: ref.id } });
    expect(row).toMatchObject({ status: "claimed", claimedBy: winners[0]!.aadObjectId, version: ref.version + 1 });
    expect(await claimEvents("1000000/24")).toHaveLength(1);
    // Everyone else was shown the card as it now is: claimed by the winner.
    for (const r of responses) expect(JSON.stringify(r.body.value)).toContain(`Claimed by ${winners[0]!.name}`);
  });

  it("changes nothing more when Teams delivers the same click three times, to different processes", async () => {
    const ref = await postedReferral("1000001/24");
    const activity = claim(olu, ref);
    const responses = await Promise.all([0, 1, 2].map((i) => bot(i).send(activity)));
    expect(responses.map((r) => r.body?.statusCode)).toEqual([200, 200, 200]);
    expect(await claimEvents("1000001/24")).toHaveLength(1);
    expect(await db.store.db.referral.findUniqueOrThrow({ where: { id: ref.id } })).toMatchObject({ status: "claimed", claimedBy: olu.aadObjectId, version: ref.version + 1 });
  });

  it("sends the daily digest once, though every process ticks the scheduler every second", async () => {
    const digests = () => connector.requests.filter((r) => !r.kind.startsWith("failed") && JSON.stringify(r.body ?? "").includes("Reassure daily digest"));
    expect(digests()).toHaveLength(0);
    // Now today's slot is due, and every process's next tick races for it.
    const yesterday = DateTime.fromJSDate(digestSlot, { zone: ZONE }).minus({ days: 1 }).toJSDate();
    await db.store.db.jobLease.update({ where: { name: "daily-digest" }, data: { lastSlot: yesterday } });
    await waitFor("the daily digest", () => digests().length > 0);
    // A few more ticks of every process: none may send it again.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(digests()).toHaveLength(1);
    expect(digests()[0]!.conversationId).toBe(COORDINATION_CHANNEL.id);
    // Every process still takes the lease for a moment at each tick to see the slot is done: read it between ticks.
    const readLease = () => db.store.db.jobLease.findUniqueOrThrow({ where: { name: "daily-digest" } });
    const lease = await waitFor("the lease given back between ticks", async () => {
      const read = await readLease();
      return read.owner === null ? read : undefined;
    });
    expect(lease).toMatchObject({ lastSlot: digestSlot, owner: null, leaseUntil: null });
    expect(await db.store.db.outboxItem.count({ where: { kind: "digest", payload: { contains: '"digest":"daily"' } } })).toBe(1);
  });
});
