import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_AAD, BotHarness } from "../../helpers/botHarness.js";
import { cardAction, channelMention, personalMessage, user } from "../../helpers/activities.js";
import { testProviders } from "../../helpers/testDb.js";
import { caseCsv, importCases, seedWards, WARDS } from "../../helpers/seed.js";
import { allocations, cases } from "../../helpers/records.js";
import { newApiKey } from "../../../src/server/apiKeys.js";

const ROLLOUT_WARD = "E05000004"; // every case is referred: deterministic
const WARD_CHANNEL = { id: "19:balham@thread.tacv2", name: "Balham SNT" };
const admin = { id: "29:admin", name: "Alex Admin", aadObjectId: ADMIN_AAD };
const olu = user(1, "Olu Officer");
const CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** The value of the sample `name{labels}` (labels in the order prom-client writes them), or undefined. */
function sample(body: string, series: string): number | undefined {
  const line = body.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.each(testProviders())("GET /metrics in local mode (%s)", (provider) => {
  let bot: BotHarness;
  const scrape = async () => {
    const response = await fetch(`${bot.server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(CONTENT_TYPE);
    return response.text();
  };

  beforeAll(async () => {
    bot = await BotHarness.start(provider);
    await seedWards(bot.deps);
    await bot.deps.roles.grant({ aadObjectId: olu.aadObjectId, displayName: olu.name }, "officer", "test");
    await bot.send(channelMention(bot.serviceUrl, admin, `/ward bind ${ROLLOUT_WARD}`, { channel: WARD_CHANNEL }));
  });
  afterAll(() => bot.stop());

  it("shows queued items and their age, then deliveries and a throttled retry", async () => {
    await importCases(bot.deps, caseCsv(3, { wards: [ROLLOUT_WARD] }));
    await bot.deps.allocation.allocate({ actor: "test" });
    bot.clock.advance(90_000);
    const queued = await scrape();
    expect(sample(queued, 'reassure_outbox_items{state="pending"}')).toBe(3);
    expect(sample(queued, "reassure_outbox_oldest_pending_age_seconds")).toBe(90);
    expect(sample(queued, "reassure_database_ready")).toBe(1);

    let throttled = false;
    bot.connector.failWith = ({ kind }) => (kind === "createConversation" && !throttled ? ((throttled = true), { status: 429, retryAfter: "0" }) : undefined);
    await bot.worker.drain();
    bot.connector.failWith = undefined;
    const delivered = await scrape();
    expect(sample(delivered, 'reassure_outbox_items{state="pending"}')).toBe(0);
    expect(sample(delivered, "reassure_outbox_oldest_pending_age_seconds")).toBe(0);
    expect(sample(delivered, 'reassure_outbox_settled_total{kind="post_referral",outcome="delivered"}')).toBe(3);
    expect(sample(delivered, 'reassure_outbox_retries_total{kind="post_referral",status="429"}')).toBe(1);
    expect(sample(delivered, 'reassure_teams_call_retries_total{status="429"}')).toBe(1);
  });

  it("times a command and a card click by name and verb", async () => {
    await bot.send(personalMessage(bot.serviceUrl, olu, "/mine"));
    const row = await bot.db.store.db.referral.findFirstOrThrow({ where: { case: { crimeRef: "1000000/24" } } });
    const where = { channelId: row.channelId!, activityId: row.activityId! };
    const click = await bot.send(cardAction(bot.serviceUrl, olu, { verb: "claim", data: { verb: "claim", referralId: row.id, version: row.version } }, where));
    expect(click.status).toBe(200);
    const body = await scrape();
    expect(sample(body, 'reassure_command_duration_seconds_count{command="mine",outcome="ok"}')).toBe(1);
    expect(sample(body, 'reassure_card_action_duration_seconds_count{verb="claim",outcome="ok"}')).toBe(1);
  });

  it("counts overdue referrals force-wide, and a dead letter", async () => {
    // Three working days and more: every open referral is past its contact due time.
    bot.clock.advance(7 * 86_400_000);
    bot.connector.failWith = ({ kind }) => (kind === "createConversation" ? 400 : undefined);
    await importCases(bot.deps, caseCsv(1, { wards: [ROLLOUT_WARD], start: 10 }));
    await bot.deps.allocation.allocate({ actor: "test" });
    await bot.worker.drain();
    bot.connector.failWith = undefined;
    const body = await scrape();
    expect(sample(body, 'reassure_referrals_overdue{scope="force"}')).toBe(3);
    expect(sample(body, 'reassure_outbox_items{state="dead"}')).toBe(1);
    expect(sample(body, 'reassure_outbox_settled_total{kind="post_referral",outcome="dead_letter"}')).toBe(1);
    // The dead letter's alert waits for a coordination channel.
    expect(sample(body, 'reassure_outbox_settled_total{kind="coordination_alert",outcome="held"}')).toBe(1);
    expect(sample(body, 'reassure_teams_calls_total{outcome="fatal"}')).toBe(1);
  });

  it("names no case, ward or person in the scrape", async () => {
    const body = await scrape();
    // Every case here is in a rollout ward, so allocated: the allocations name them all.
    const refs = (await allocations(bot.db.store)).map((a) => a.crimeRef);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs).toHaveLength((await cases(bot.db.store)).length);
    for (const ref of refs) expect(body).not.toContain(ref);
    expect(body).not.toMatch(/\d{7}\/\d{2}/);
    for (const ward of WARDS) for (const text of [ward.code, ward.name, ward.borough]) expect(body).not.toContain(text);
    expect(body).not.toContain(olu.name);
    expect(body).not.toContain(olu.aadObjectId);
  });
});

describe("GET /metrics with BOT_ID set", () => {
  const token = newApiKey("prometheus");
  const env = { BOT_ID: "6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b", BOT_PASSWORD: "not-a-real-secret", BOT_TENANT_ID: "11111111-2222-4333-8444-555555555555" };
  let bot: BotHarness;
  beforeAll(async () => {
    bot = await BotHarness.start("sqlite", { ...env, METRICS_TOKEN_HASH: token.configEntry });
  });
  afterAll(() => bot.stop());
  const scrape = (headers: Record<string, string> = {}) => fetch(`${bot.server.url}/metrics`, { headers });

  it("refuses a missing or wrong token with 401, and answers the right one", async () => {
    const missing = await scrape();
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="reassure-metrics"');
    expect((await scrape({ authorization: `Bearer ${token.key.slice(0, -1)}x` })).status).toBe(401);
    expect((await scrape({ authorization: `Basic ${token.key}` })).status).toBe(401);
    const right = await scrape({ authorization: `Bearer ${token.key}` });
    expect(right.status).toBe(200);
    expect(right.headers.get("content-type")).toBe(CONTENT_TYPE);
    expect(await right.text()).toContain("reassure_database_ready 1");
  });

  it("is switched off (503) when no token hash is configured", async () => {
    const open = await BotHarness.start("sqlite", env);
    try {
      const response = await fetch(`${open.server.url}/metrics`);
      expect(response.status).toBe(503);
      expect(await response.text()).toMatch(/METRICS_TOKEN_HASH/);
    } finally {
      await open.stop();
    }
  });
});
