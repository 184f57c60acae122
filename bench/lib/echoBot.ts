import restify from "restify";
import { TeamsAdapter } from "@microsoft/teams-ai";
import { ActivityTypes } from "botbuilder";
import { listen, type RunningServer } from "../../src/server/server.js";
import { botFrameworkOptions } from "../../src/teams/adapter.js";
import type { Config } from "../../src/config/env.js";

/**
 * Baseline (a): the least a Teams bot can do for a card click on our stack — the same restify server and body parser,
 * the same Bot Framework adapter (teams-ai TeamsAdapter, authentication as configured), and an invoke answered with a
 * fixed card. No Application routing, no database, no rendering.
 */
export async function startEchoBot(config: Config, card: unknown): Promise<RunningServer> {
  const adapter = new TeamsAdapter(botFrameworkOptions(config));
  const server = restify.createServer({ name: "echo", handleUncaughtExceptions: false });
  server.post("/api/messages", restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false }), async (req, res) => {
    await adapter.process(req, res, async (turn) => {
      if (turn.activity.type !== ActivityTypes.Invoke) return;
      await turn.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: { status: 200, body: { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: card } },
      });
    });
  });
  return listen(server, 0, "127.0.0.1");
}
