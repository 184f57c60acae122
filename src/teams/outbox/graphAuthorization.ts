import type { TeamsAdapter } from "@microsoft/teams-ai";
import { AuthenticationConstants } from "botframework-connector";
import type { Config } from "../../config/env.js";

const GRAPH_AUDIENCE = "https://graph.microsoft.com";

/**
 * The Authorization header for Microsoft Graph: a token for the bot's own app registration, made by the same credential
 * factory the adapter uses for the Bot Connector (password, certificate or managed identity as configured), for the
 * Graph audience. Local mode has no credentials: nothing is sent.
 */
export function graphAuthorization(adapter: TeamsAdapter, config: Config): () => Promise<string | undefined> {
  if (config.localMode) return async () => undefined;
  let credentials: ReturnType<TeamsAdapter["credentialsFactory"]["createCredentials"]> | undefined;
  return async () => {
    // Kept: the credentials object caches its token until shortly before it expires.
    credentials ??= adapter.credentialsFactory.createCredentials(config.bot.appId, GRAPH_AUDIENCE, AuthenticationConstants.ToChannelFromBotLoginUrl, true).catch((error: unknown) => {
      credentials = undefined; // the next look-up tries again
      throw error;
    });
    let authorization: string | undefined;
    const headers = { set: (name: string, value: string) => name.toLowerCase() === "authorization" && (authorization = value) };
    await (await credentials).signRequest({ headers } as never);
    return authorization;
  };
}
