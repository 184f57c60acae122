import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { IncomingMessage, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { UnsecuredJWT, base64url, generateKeyPair } from "jose";
import { ADMIN_AAD, BotHarness } from "../../helpers/botHarness.js";
import { personalMessage, user } from "../../helpers/activities.js";
import { FakeIdentityProvider } from "../../helpers/fakeIdentityProvider.js";

// Bot Framework authentication exercised for real: botbuilder fetches OpenID metadata and keys from a loopback
// provider and verifies RS256 tokens signed with a test key. Only the issuer it trusts is swapped, and only here.

const BOT_ID = "6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b";
const OTHER_APP_ID = "0e9d8c7b-6a5f-4e3d-8c1b-0a9f8e7d6c5b";
const env = {
  BOT_ID,
  BOT_PASSWORD: "not-a-real-secret",
  BOT_TENANT_ID: "11111111-2222-4333-8444-555555555555",
  BOT_APP_TYPE: "SingleTenant",
};
const admin = { id: "29:admin", name: "Alex Admin", aadObjectId: ADMIN_AAD };
const stranger = user(2, "Sam Stranger");

describe("Bot Framework authentication on /api/messages (bot id configured)", () => {
  let idp: FakeIdentityProvider;
  let bot: BotHarness;
  const connectorAuthorization: (string | undefined)[] = [];
  // The fake connector does not keep headers; watching the process's HTTP servers sees what it received.
  const onRequest = (message: unknown) => {
    const { request, server } = message as { request: IncomingMessage; server: Server };
    if ((server.address() as AddressInfo | null)?.port === Number(new URL(bot.serviceUrl).port)) {
      connectorAuthorization.push(request.headers.authorization);
    }
  };

  beforeAll(async () => {
    idp = await FakeIdentityProvider.start();
    bot = await BotHarness.start("sqlite", env, (config) => idp.authOverrides(config));
    subscribe("http.server.request.start", onRequest);
    // botbuilder logs every rejected token to the console; the assertions below say what matters.
    vi.spyOn(console, "error").mockImplementation(() => undefined);
  });
  afterAll(async () => {
    unsubscribe("http.server.request.start", onRequest);
    vi.restoreAllMocks();
    await bot?.stop();
    await idp?.stop();
  });
  beforeEach(() => {
    bot.connector.clear();
    connectorAuthorization.length = 0;
  });

  // Each request grants a role to a new person, so one wrongly accepted request fails only its own test.
  let grantees = 0;
  const nextGrantee = () => `00000000-0000-4000-8000-${(++grantees).toString(16).padStart(12, "0")}`;
  /** A state-changing command from a bootstrap admin: if any part of it ran, a role, an event or a reply would exist. */
  const grantCommand = (grantee: string) => personalMessage(bot.serviceUrl, admin, `/role grant ${grantee} officer`);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  async function expectRejected(headers: Record<string, string>, change: (activity: object) => object = (a) => a) {
    const grantee = nextGrantee();
    const { status } = await bot.send(change(grantCommand(grantee)), headers);
    expect(status).toBe(401);
    expect(bot.connector.requests).toEqual([]);
    expect(await bot.db.store.repos.people.rolesOf(grantee)).toEqual([]);
    expect(await bot.db.store.repos.events.forSubject("person", grantee)).toEqual([]);
  }

  describe("rejects with 401 and processes nothing", () => {
    it("without an Authorization header", async () => {
      await expectRejected({});
    });

    it("with a token that is not a JWT, or not a Bearer token", async () => {
      await expectRejected(bearer("not-a-jwt"));
      await expectRejected({ authorization: "Bearer" });
      await expectRejected({ authorization: `Basic ${Buffer.from(`${BOT_ID}:${env.BOT_PASSWORD}`).toString("base64")}` });
      const valid = await idp.channelToken(BOT_ID, bot.serviceUrl);
      await expectRejected({ authorization: `bearer ${valid}` });
    });

    it("with an expired token (beyond botbuilder's five minutes of clock tolerance)", async () => {
      const now = Math.floor(Date.now() / 1000);
      await expectRejected(bearer(await idp.channelToken(BOT_ID, bot.serviceUrl, { nbf: now - 3600, exp: now - 600 })));
    });

    it("with a token that is not valid yet", async () => {
      const now = Math.floor(Date.now() / 1000);
      await expectRejected(bearer(await idp.channelToken(BOT_ID, bot.serviceUrl, { nbf: now + 600, exp: now + 3600 })));
    });

    it("with a token for another bot (audience)", async () => {
      await expectRejected(bearer(await idp.channelToken(OTHER_APP_ID, bot.serviceUrl)));
      await expectRejected(bearer(await idp.channelToken(BOT_ID, bot.serviceUrl, { aud: undefined })));
    });

    it("with a token from another issuer, even one signed with the trusted key", async () => {
      await expectRejected(bearer(await idp.channelToken(BOT_ID, bot.serviceUrl, { iss: "https://attacker.example/" })));
      // The production issuer is not trusted while the test issuer is configured: trust is one issuer, not a list.
      await expectRejected(bearer(await idp.channelToken(BOT_ID, bot.serviceUrl, { iss: "https://api.botframework.com" })));
    });

    it("with a token signed by another key, under the trusted key's id or an unknown one", async () => {
      const { privateKey } = await generateKeyPair("RS256");
      await expectRejected(bearer(await idp.channelToken(BOT_ID, bot.serviceUrl, {}, { privateKey })));
      await expectRejected(bearer(await idp.channelToken(BOT_ID, bot.serviceUrl, {}, { privateKey, kid: "attacker-key" })));
    });

    it("with a token whose signature was tampered with, or whose claims were", async () => {
      const valid = await idp.channelToken(BOT_ID, bot.serviceUrl);
      const [header, payload, signature] = valid.split(".") as [string, string, string];
      const flipped = base64url.encode(base64url.decode(signature).map((byte, i) => (i === 0 ? byte ^ 1 : byte)));
      await expectRejected(bearer(`${header}.${payload}.${flipped}`));
      const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload)));
      const otherAudience = base64url.encode(JSON.stringify({ ...claims, aud: OTHER_APP_ID }));
      await expectRejected(bearer(`${header}.${otherAudience}.${signature}`));
    });

    it("with an unsigned token (alg none), with or without the trusted key id", async () => {
      const now = Math.floor(Date.now() / 1000);
      const claims = { iss: idp.issuer, aud: BOT_ID, serviceurl: bot.serviceUrl, nbf: now - 60, exp: now + 3600 };
      await expectRejected(bearer(new UnsecuredJWT(claims).encode()));
      const withKid = `${base64url.encode(JSON.stringify({ alg: "none", typ: "JWT", kid: idp.kid }))}.${base64url.encode(JSON.stringify(claims))}.`;
      await expectRejected(bearer(withKid));
    });

    it("with a bot-to-bot (skill) token from the trusted issuer", async () => {
      await expectRejected(bearer(await idp.channelToken(BOT_ID, bot.serviceUrl, { ver: "1.0", appid: OTHER_APP_ID })));
    });

    it("with a token whose serviceurl claim is not the activity's serviceUrl", async () => {
      // Otherwise a token captured for one conversation service could steer the bot's replies to another.
      await expectRejected(bearer(await idp.channelToken(BOT_ID, "https://smba.trafficmanager.net/emea/")));
      await expectRejected(bearer(await idp.channelToken(BOT_ID, bot.serviceUrl, { serviceurl: undefined })));
    });

    it("with a key that is not endorsed for the activity's channel", async () => {
      const token = await idp.channelToken(BOT_ID, "https://example.test/");
      await expectRejected(bearer(token), (activity) => ({ ...activity, channelId: "webchat", serviceUrl: "https://example.test/" }));
    });
  });

  describe("accepts a valid Bot Connector token", () => {
    it("answers help, replying to the connector with the bot's own Bearer token", async () => {
      const activity = personalMessage(bot.serviceUrl, stranger, "help");
      const { status } = await bot.send(activity, bearer(await idp.channelToken(BOT_ID, bot.serviceUrl)));
      expect(status).toBe(200);
      const [reply] = bot.connector.sent();
      expect(reply).toMatchObject({ kind: "reply", conversationId: activity.conversation.id, activityId: activity.id });
      expect(reply!.body.text).toContain("You have no Reassure role");
      expect(connectorAuthorization).toEqual([`Bearer ${idp.outboundAccessToken}`]);
      // botbuilder really fetched the trust anchors rather than skipping verification.
      expect(idp.requests).toEqual(expect.arrayContaining(["/v1/.well-known/openidconfiguration", "/v1/.well-known/keys"]));
    });

    it("runs the same state-changing command that every rejected request carried", async () => {
      const grantee = nextGrantee();
      const { status } = await bot.send(grantCommand(grantee), bearer(await idp.channelToken(BOT_ID, bot.serviceUrl)));
      expect(status).toBe(200);
      expect(bot.connector.lastText()).toMatch(/ is now officer\.$/);
      expect(await bot.db.store.repos.people.rolesOf(grantee)).toEqual(["officer"]);
      expect((await bot.db.store.repos.events.forSubject("person", grantee)).map((e) => e.action)).toEqual(["role.granted"]);
      // Nothing any rejected request carried was written.
      expect((await bot.db.store.repos.events.recent(100)).map((e) => e.subjectId)).toEqual([grantee]);
    });
  });
});
