import { Application, TeamsAdapter, TurnState } from "@microsoft/teams-ai";
import type { BotDeps } from "./deps.js";
import { register } from "./register.js";

export function createApplication(adapter: TeamsAdapter, deps: BotDeps): Application<TurnState> {
  const app = new Application<TurnState>({
    adapter,
    botAppId: deps.config.bot.appId,
    removeRecipientMention: true,
    // Replies are immediate; a typing indicator would be one more outbound call per message.
    startTypingTimer: false,
  });
  register(app, deps);
  return app;
}
