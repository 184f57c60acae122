import { TeamsAdapter } from "@microsoft/teams-ai";
import type { Config } from "../config/env.js";
import type { Logger } from "../log.js";

/**
 * The Bot Framework adapter. With no app id, authentication is OFF (local mode): the server then binds to loopback
 * only (see config). With one, every inbound request must carry a valid Bot Framework token.
 */
export function createAdapter(config: Config, logger: Logger): TeamsAdapter {
  const adapter = new TeamsAdapter({
    MicrosoftAppId: config.bot.appId,
    MicrosoftAppPassword: config.bot.password ?? "",
    MicrosoftAppTenantId: config.bot.tenantId ?? "",
    // The SDK insists on an app id for SingleTenant; local mode has none (authentication off).
    MicrosoftAppType: config.localMode ? "MultiTenant" : config.bot.appType,
  });
  adapter.onTurnError = async (turn, error) => {
    logger.error({ err: error, activityType: turn.activity.type, activityId: turn.activity.id }, "unhandled turn error");
    if (turn.activity.type === "message") {
      await turn.sendActivity("Something went wrong on our side and nothing was changed.").catch(() => undefined);
    }
  };
  return adapter;
}
