import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/env.js";
import { problemsOf } from "../../helpers/configProblems.js";

const BOT = { BOT_ID: "11111111-2222-4333-8444-555555555555", BOT_PASSWORD: "secret", BOT_TENANT_ID: "66666666-7777-4888-8999-aaaaaaaaaaaa" };

describe("GRAPH_BASE_URL (where a card whose post got no answer is looked for)", () => {
  it("is Microsoft Graph v1.0 for a registered bot, and nothing in local mode, which has no credentials", () => {
    expect(loadConfig(BOT).outbox.graphBaseUrl).toBe("https://graph.microsoft.com/v1.0");
    expect(loadConfig({}).outbox.graphBaseUrl).toBeUndefined();
    expect(loadConfig({ GRAPH_BASE_URL: "http://127.0.0.1:4000/v1.0/" }).outbox.graphBaseUrl).toBe("http://127.0.0.1:4000/v1.0");
  });

  it("is turned off with off", () => {
    expect(loadConfig({ ...BOT, GRAPH_BASE_URL: "off" }).outbox.graphBaseUrl).toBeUndefined();
  });

  it("never sends the bot's token in clear text off the machine, and refuses what is not a URL", () => {
    expect(problemsOf({ ...BOT, GRAPH_BASE_URL: "http://graph.example/v1.0" })).toEqual(["GRAPH_BASE_URL: expected https:// (the bot's access token is sent there)"]);
    expect(loadConfig({ ...BOT, GRAPH_BASE_URL: "http://localhost:4000/v1.0" }).outbox.graphBaseUrl).toBe("http://localhost:4000/v1.0");
    expect(problemsOf({ GRAPH_BASE_URL: "graph" })[0]).toMatch(/^GRAPH_BASE_URL: expected the Graph API's base URL/);
  });
});
