import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BotHarness } from "../../helpers/botHarness.js";
import { testProviders } from "../../helpers/testDb.js";
import { caseCsv, seedWards } from "../../helpers/seed.js";
import { cases as casesReceived } from "../../helpers/records.js";
import { newApiKey } from "../../../src/server/apiKeys.js";

const current = newApiKey("cms");
const next = newApiKey("cms-next");

describe.each(testProviders())("POST /api/cases (%s)", (provider) => {
  let bot: BotHarness;
  beforeAll(async () => {
    bot = await BotHarness.start(provider, { INTAKE_API_KEY_HASHES: `${current.configEntry},${next.configEntry}`, INTAKE_MAX_BODY_MB: "0.01" });
    await seedWards(bot.deps);
  });
  afterAll(() => bot.stop());

  const post = (body: string, headers: Record<string, string>) => fetch(`${bot.server.url}/api/cases`, { method: "POST", headers, body });
  const auth = (key = current.key) => ({ authorization: `Bearer ${key}` });

  it("refuses a missing or wrong key with 401 and changes nothing", async () => {
    const missing = await post("[]", { "content-type": "application/json" });
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="reassure-intake"');
    expect(await missing.json()).toEqual({ error: "Send the API key as `Authorization: Bearer <key>`." });
    const wrong = await post("[]", { "content-type": "application/json", ...auth(current.key.slice(0, -1) + "x") });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: "The API key is not valid." });
    expect((await casesReceived(bot.db.store)).length).toBe(0);
  });

  it("refuses other content types with 415 and oversized bodies with 413", async () => {
    const xml = await post("<cases/>", { "content-type": "application/xml", ...auth() });
    expect(xml.status).toBe(415);
    expect(((await xml.json()) as { error: string }).error).toBe('Send application/json (an array of objects) or text/csv; got "application/xml".');
    const big = await post(caseCsv(400), { "content-type": "text/csv", ...auth() });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: string }).error).toMatch(/^The body is larger than/);
    expect((await casesReceived(bot.db.store)).length).toBe(0);
  });

  it("accepts a JSON array with either rotation key, and a CSV body", async () => {
    const json = JSON.stringify([{ crime_ref: "2000001/24", reported_at: "01/03/2024 09:30", ward_code: "E05000001" }]);
    const first = await post(json, { "content-type": "application/json", ...auth() });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ rows: 1, created: 1, written: true, problems: [] });
    const second = await post(caseCsv(3), { "content-type": "text/csv; charset=utf-8", ...auth(next.key) });
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ rows: 3, created: 3, written: true });
    const [event] = (await bot.db.store.repos.events.recent(5)).filter((e) => e.action === "cases.imported");
    expect(event).toMatchObject({ actor: "api:cms-next", subjectId: "api:cms-next" });
  });

  it("answers 422 with every problem and writes nothing when a row is invalid; 400 for broken JSON", async () => {
    const before = (await casesReceived(bot.db.store)).length;
    const body = JSON.stringify([
      { crime_ref: "2000002/24", reported_at: "01/03/2024 09:30", ward_code: "E05000001" },
      { crime_ref: "2000003/24", reported_at: "2024-02-30T10:00", ward_code: "E05000009", victim_name: "x" },
    ]);
    const refused = await post(body, { "content-type": "application/json", ...auth() });
    expect(refused.status).toBe(422);
    const report = (await refused.json()) as { written: boolean };
    expect(report.written).toBe(false);
    expect(JSON.stringify(report)).toContain("personal data");
    expect(JSON.stringify(report)).not.toContain('"x"');
    const broken = await post("[{", { "content-type": "application/json", ...auth() });
    expect(broken.status).toBe(400);
    expect((await casesReceived(bot.db.store)).length).toBe(before);
  });
});

describe("POST /api/cases with no keys configured", () => {
  it("is switched off with 503", async () => {
    const bot = await BotHarness.start("sqlite");
    try {
      const response = await fetch(`${bot.server.url}/api/cases`, { method: "POST", headers: { "content-type": "application/json" }, body: "[]" });
      expect(response.status).toBe(503);
    } finally {
      await bot.stop();
    }
  });
});

describe("POST /api/cases rate limit per key", () => {
  it("answers 429 with Retry-After once a key is over its limit; another key is unaffected", async () => {
    const a = newApiKey("a");
    const b = newApiKey("b");
    const bot = await BotHarness.start("sqlite", { INTAKE_API_KEY_HASHES: `${a.configEntry},${b.configEntry}`, INTAKE_RATE_LIMIT_PER_MINUTE: "3" });
    try {
      const post = (key: string) => fetch(`${bot.server.url}/api/cases`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: "[]" });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await post(a.key)).status);
      expect(statuses.slice(0, 3).every((s) => s !== 429)).toBe(true);
      const limited = await post(a.key);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(((await limited.json()) as { error: string }).error).toBe("Too many requests for this API key: at most 3 a minute (INTAKE_RATE_LIMIT_PER_MINUTE).");
      expect((await post(b.key)).status).not.toBe(429);
    } finally {
      await bot.stop();
    }
  });
});
