import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { cardAttachment } from "../../../src/teams/cards/render.js";
import { everyoneCard } from "../../../src/teams/actions/views.js";
import { BotHarness } from "../../helpers/botHarness.js";
import { cardAction, user } from "../../helpers/activities.js";
import { cardSchemaErrors } from "../../helpers/cardSchema.js";
import { FakeIdentityProvider } from "../../helpers/fakeIdentityProvider.js";
import { caseCsv, importCases } from "../../helpers/seed.js";
import { referralFacts } from "../../helpers/records.js";
import { testProviders } from "../../helpers/testDb.js";
import { ROLLOUT_WARDS, seedBoundWards } from "../reliability/support.js";

const WARD = ROLLOUT_WARDS[0]!;
const olu = user(1, "Olu Officer");

const claimData = (card: any) => card.actions.find((a: any) => a.verb === "claim").data as Record<string, unknown>;
const text = (card: unknown) => JSON.stringify(card);

/**
 * A referral card Teams posted although the bot never got the answer (it died mid-call, or the call timed out): the
 * attempt's nonce was recorded before the call and is in the card. The next delivery looks in the channel (Microsoft
 * Graph, served here by the fake Teams) before posting again.
 */
describe.each(testProviders())("a referral card whose post got no answer (%s)", (provider) => {
  let bot: BotHarness;
  let idp: FakeIdentityProvider | undefined;

  afterEach(async () => {
    await bot.stop();
    await idp?.stop();
    idp = undefined;
  });

  async function start(env: Record<string, string> = {}, withAuth = false) {
    if (withAuth) idp = await FakeIdentityProvider.start();
    bot = await BotHarness.start(provider, env, idp ? (config) => idp!.authOverrides(config) : undefined);
    await seedBoundWards(bot.deps, [WARD], bot.serviceUrl);
    await bot.deps.roles.grant({ aadObjectId: olu.aadObjectId, displayName: olu.name }, "officer", "test");
  }

  /** What a worker that died mid-post left: the attempt recorded, the card in the channel, the referral still to post. */
  async function lostPost(crimeRefIndex = 0) {
    await importCases(bot.deps, caseCsv(1, { wards: [WARD.code], start: crimeRefIndex }));
    await bot.deps.allocation.allocate({ actor: "test" });
    const row = (await referralFacts(bot.db.store, ["to_post"])).at(-1)!;
    const referral = (await bot.deps.referrals.get(row.referralId))!;
    const nonce = randomUUID();
    await bot.deps.store.transaction((tx) => tx.referralCards.recordPostAttempt(referral.id, { nonce, sentAt: bot.clock.now() }));
    const card = await everyoneCard(bot.deps, { ...referral, status: "posted" }, nonce);
    const response = await fetch(`${bot.connector.url}v3/conversations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ isGroup: true, channelData: { channel: { id: WARD.channel.id } }, activity: { type: "message", attachments: [cardAttachment(card)] } }),
    });
    expect(response.status).toBe(201);
    return { id: referral.id, version: referral.version, nonce, copy: bot.connector.posts().at(-1)! };
  }

  const stored = (id: number) => bot.db.store.db.referral.findUniqueOrThrow({ where: { id } });

  async function click(data: Record<string, unknown>, activityId: string) {
    const { status, body } = await bot.send(cardAction(bot.serviceUrl, olu, { verb: String(data.verb), data }, { channelId: WARD.channel.id, activityId }));
    expect(status).toBe(200);
    return body as { statusCode: number; value: any };
  }

  it("finds the card in the channel and takes it as posted: one card, the one the bot edits", async () => {
    await start();
    const lost = await lostPost();
    await bot.worker.drain();

    expect(bot.connector.posts()).toHaveLength(1);
    const lookups = bot.connector.requests.filter((r) => r.kind === "graphChannelMessages");
    expect(lookups).toHaveLength(1);
    expect(lookups[0]!.path).toBe(`/v1.0/teams/${"5d4f1c1e-0000-4000-8000-00000000a001"}/channels/${WARD.channel.id}/messages`);
    expect(await stored(lost.id)).toMatchObject({ status: "posted", activityId: lost.copy.activityId, conversationId: `${WARD.channel.id};messageid=${lost.copy.activityId}`, cardNonce: lost.nonce });

    const answer = await click(claimData(lost.copy.card), lost.copy.activityId);
    expect(answer.statusCode).toBe(200);
    expect(text(answer.value)).toContain("Claimed by Olu Officer");
    await bot.worker.drain();
    expect(bot.connector.updates().map((u) => u.activityId)).toEqual([lost.copy.activityId]);
  });

  it("asks Graph with the bot's own token for the Graph audience", async () => {
    await start({ BOT_ID: "6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b", BOT_PASSWORD: "not-a-real-secret", BOT_TENANT_ID: "11111111-2222-4333-8444-555555555555" }, true);
    await lostPost();
    await bot.worker.drain();
    const lookup = bot.connector.requests.find((r) => r.kind === "graphChannelMessages");
    expect(lookup?.authorization).toBe(`Bearer ${idp!.outboundAccessToken}`);
    expect(bot.connector.posts()).toHaveLength(1);
  });

  it("posts the card again, once, when it is not in the channel after all", async () => {
    await start();
    const lost = await lostPost();
    // Teams never got the first call: the card is not there (the fake forgets it).
    bot.connector.clear();
    await bot.worker.drain();
    const posts = bot.connector.posts();
    expect(posts).toHaveLength(1);
    const row = await stored(lost.id);
    expect(row.activityId).toBe(posts[0]!.activityId);
    expect(row.cardNonce).not.toBe(lost.nonce);
    expect(text(posts[0]!.card)).toContain(row.cardNonce);
  });

  describe.each([403, 500])("when Graph answers %i", (status) => {
    it("posts again (at least once), and the copy posted twice turns into a notice when clicked, changing nothing else", async () => {
      await start();
      const lost = await lostPost();
      bot.connector.failWith = ({ kind }) => (kind === "graphChannelMessages" ? status : undefined);
      await bot.worker.drain();

      const [stray, card] = bot.connector.posts();
      expect(bot.connector.posts()).toHaveLength(2);
      const row = await stored(lost.id);
      expect(row).toMatchObject({ status: "posted", activityId: card!.activityId, version: lost.version });
      expect(row.cardNonce).not.toBe(lost.nonce);

      // Someone clicks Claim on the copy posted first.
      const answer = await click(claimData(stray!.card), stray!.activityId);
      expect(answer.statusCode).toBe(200);
      expect(text(answer.value)).toContain("This referral was posted twice; use the other thread.");
      expect(answer.value.actions ?? []).toEqual([]);
      expect(await stored(lost.id)).toMatchObject({ status: "posted", claimedBy: null, version: lost.version });
      await bot.worker.drain();
      const edits = bot.connector.updates();
      expect(edits.map((u) => u.activityId)).toEqual([stray!.activityId]);
      expect(text(edits[0]!.card)).toContain("posted twice");
      expect(text(edits[0]!.card)).not.toContain("1000000/24");
      expect(cardSchemaErrors(edits[0]!.card)).toEqual([]);

      // The referral's own card works as ever.
      const claimed = await click(claimData(card!.card), card!.activityId);
      expect(text(claimed.value)).toContain("Claimed by Olu Officer");
      expect(await stored(lost.id)).toMatchObject({ status: "claimed", claimedBy: olu.aadObjectId });
    });
  });

  it("refuses a click that only claims to be on a copy: a made-up copy id, a copy id on the referral's card, or on another referral's card", async () => {
    await start();
    const lost = await lostPost();
    bot.connector.failWith = ({ kind }) => (kind === "graphChannelMessages" ? 403 : undefined);
    await bot.worker.drain();
    bot.connector.failWith = undefined;
    const [stray, card] = bot.connector.posts();
    // Another referral, posted normally.
    await importCases(bot.deps, caseCsv(1, { wards: [WARD.code], start: 1 }));
    await bot.deps.allocation.allocate({ actor: "test" });
    await bot.worker.drain();
    const other = bot.connector.posts().at(-1)!;
    expect(other.activityId).not.toBe(card!.activityId);
    const strayData = claimData(stray!.card);

    const refusals = [
      await click({ ...strayData, card: randomUUID() }, stray!.activityId),
      await click(strayData, card!.activityId),
      await click(strayData, other.activityId),
      await click({ ...strayData, card: "not-a-nonce" }, stray!.activityId),
    ];
    expect(refusals.map((r) => r.statusCode)).toEqual([403, 403, 403, 400]);
    await bot.worker.drain();
    expect(bot.connector.updates()).toEqual([]);
    expect(await stored(lost.id)).toMatchObject({ status: "posted", claimedBy: null });
  });
});
