import { tmpdir } from "node:os";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ADMIN_AAD, BotHarness } from "../../helpers/botHarness.js";
import { personalMessage } from "../../helpers/activities.js";
import { FakeIdentityProvider } from "../../helpers/fakeIdentityProvider.js";
import { isolatedTempFolder, snapshot } from "../../helpers/tempFolder.js";
import { newApiKey } from "../../../src/server/apiKeys.js";

// Findings of the outside test (issue 19), each replayed over real HTTP against the real server: unauthenticated
// multipart uploads filled the temporary folder, non-activity bodies answered 500 with botbuilder's error text, and
// wrong intake keys could be tried without limit.

const BOT_ID = "6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b";
const env = { BOT_ID, BOT_PASSWORD: "not-a-real-secret", BOT_TENANT_ID: "11111111-2222-4333-8444-555555555555", BOT_APP_TYPE: "SingleTenant" };
const admin = { id: "29:admin", name: "Alex Admin", aadObjectId: ADMIN_AAD };
const MiB = 1024 * 1024;

function multipart(fileBytes: number): { body: Buffer; contentType: string } {
  const boundary = "----reassure-test-boundary";
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="payload.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head), Buffer.alloc(fileBytes, 0x41), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

const INTERNAL_TEXT = /validateAndFixActivity|Error:|at \w+ \(|zod|botbuilder|prisma/i;

describe("/api/messages refuses what is not an authenticated JSON activity, and never touches the disk", () => {
  let idp: FakeIdentityProvider;
  let bot: BotHarness;
  let temp: ReturnType<typeof isolatedTempFolder>;
  let token: string;

  beforeAll(async () => {
    idp = await FakeIdentityProvider.start();
    bot = await BotHarness.start("sqlite", env, (config) => idp.authOverrides(config));
    token = await idp.channelToken(BOT_ID, bot.serviceUrl);
    // botbuilder logs each rejected token to the console; the statuses below say what matters.
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    temp = isolatedTempFolder();
  });
  afterAll(async () => {
    temp?.restore();
    vi.restoreAllMocks();
    await bot?.stop();
    await idp?.stop();
  });

  async function post(body: string | Buffer, headers: Record<string, string>): Promise<{ status: number; text: string }> {
    const before = snapshot(temp.dir);
    expect(tmpdir()).toBe(temp.dir);
    const response = await fetch(`${bot.server.url}/api/messages`, { method: "POST", headers, body });
    const text = await response.text();
    expect(snapshot(temp.dir)).toEqual(before);
    expect(response.status).not.toBe(500);
    expect(text).not.toMatch(INTERNAL_TEXT);
    return { status: response.status, text };
  }
  const bearer = { authorization: `Bearer ${"x".repeat(10)}` };

  it("answers 401 to any request without a valid token, whatever its body, and writes nothing", async () => {
    const upload = multipart(8 * MiB);
    expect((await post(upload.body, { "content-type": upload.contentType })).status).toBe(401);
    expect((await post(upload.body, { "content-type": upload.contentType, ...bearer })).status).toBe(401);
    expect((await post("<activity/>", { "content-type": "application/xml" })).status).toBe(401);
    expect((await post("{}", { "content-type": "application/json" })).status).toBe(401);
    expect((await post("not json", { "content-type": "text/plain" })).status).toBe(401);
    const command = JSON.stringify(personalMessage(bot.serviceUrl, admin, "/role grant 00000000-0000-4000-8000-00000000c0de officer"));
    expect((await post(command, { "content-type": "application/json", ...bearer })).status).toBe(401);
    expect(await bot.db.store.repos.people.rolesOf("00000000-0000-4000-8000-00000000c0de")).toEqual([]);
    expect(bot.connector.requests).toEqual([]);
  });

  it("answers 415 to an authenticated request that is not JSON, without reading it", async () => {
    const auth = { authorization: `Bearer ${token}` };
    const upload = multipart(8 * MiB);
    const refused = await post(upload.body, { "content-type": upload.contentType, ...auth });
    expect(refused).toEqual({ status: 415, text: JSON.stringify({ error: "Send application/json." }) });
    expect((await post("<activity/>", { "content-type": "application/xml", ...auth })).status).toBe(415);
    expect((await post("{}", { ...auth })).status).toBe(415);
  });

  it("answers 400 with a short generic message to JSON that is not an activity", async () => {
    const auth = { "content-type": "application/json", authorization: `Bearer ${token}` };
    const notActivity = JSON.stringify({ error: "The body is not a Bot Framework activity." });
    expect(await post("{}", auth)).toEqual({ status: 400, text: notActivity });
    expect(await post(JSON.stringify({ text: "hello", channelId: "msteams" }), auth)).toEqual({ status: 400, text: notActivity });
    expect(await post(JSON.stringify({ type: 42 }), auth)).toEqual({ status: 400, text: notActivity });
    expect(await post("[]", auth)).toEqual({ status: 400, text: notActivity });
    expect(await post("{not json", auth)).toEqual({ status: 400, text: JSON.stringify({ error: "The body is not valid JSON." }) });
  });

  it("answers 413 to a JSON body over 1 MB", async () => {
    const auth = { "content-type": "application/json", authorization: `Bearer ${token}` };
    const huge = JSON.stringify({ type: "message", text: "x".repeat(2 * MiB) });
    expect((await post(huge, auth)).status).toBe(413);
  });

  it("still runs a valid activity with a valid token", async () => {
    const { status } = await bot.send(personalMessage(bot.serviceUrl, admin, "help"), { authorization: `Bearer ${token}` });
    expect(status).toBe(200);
    expect(bot.connector.requests.length).toBeGreaterThan(0);
  });
});

describe("/api/messages in local mode (no BOT_ID)", () => {
  let bot: BotHarness;
  let temp: ReturnType<typeof isolatedTempFolder>;
  beforeAll(async () => {
    bot = await BotHarness.start("sqlite");
    temp = isolatedTempFolder();
  });
  afterAll(async () => {
    temp?.restore();
    await bot?.stop();
  });

  it("refuses multipart with 415 and a typeless body with 400, writing nothing", async () => {
    const before = snapshot(temp.dir);
    const upload = multipart(2 * MiB);
    const multi = await fetch(`${bot.server.url}/api/messages`, { method: "POST", headers: { "content-type": upload.contentType }, body: upload.body });
    expect(multi.status).toBe(415);
    const typeless = await fetch(`${bot.server.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(typeless.status).toBe(400);
    expect(await typeless.text()).not.toMatch(INTERNAL_TEXT);
    expect(snapshot(temp.dir)).toEqual(before);
  });
});

describe("intake API: wrong keys from one address", () => {
  const key = newApiKey("cms");
  let bot: BotHarness;
  beforeAll(async () => {
    bot = await BotHarness.start("sqlite", { INTAKE_API_KEY_HASHES: key.configEntry, INTAKE_AUTH_FAILURES_PER_MINUTE: "5", LOG_LEVEL: "info" });
  });
  afterAll(() => bot?.stop());

  it("meets 429 with Retry-After after the allowed failures, logs the flood once and never the key offered", async () => {
    const wrongKey = `rsk_${"w".repeat(43)}`;
    const post = (authorization: string) => fetch(`${bot.server.url}/api/cases`, { method: "POST", headers: { "content-type": "application/json", authorization }, body: "[]" });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 80; i++) {
      last = await post(`Bearer ${wrongKey}`);
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(last!.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    // While the address is held off, even the right key waits: it is not looked at.
    expect((await post(`Bearer ${key.key}`)).status).toBe(429);

    const intakeLogs = bot.logs.filter((l) => String(l.msg).startsWith("intake refused"));
    expect(intakeLogs.filter((l) => l.msg === "intake refused: bad API key")).toHaveLength(5);
    expect(intakeLogs.filter((l) => l.msg === "intake refused: too many bad API keys from this address")).toHaveLength(1);
    expect(JSON.stringify(bot.logs)).not.toContain(wrongKey);
    expect(JSON.stringify(bot.logs)).not.toContain(key.key);
  });
});
