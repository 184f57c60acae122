import { TeamsAdapter } from "@microsoft/teams-ai";
import { CallerIdConstants, StatusCodes, type Activity, type ConfigurationBotFrameworkAuthenticationOptions, type InvokeResponse, type TurnContext } from "botbuilder";
import {
  AuthenticationConstants,
  AuthenticationError,
  type AuthenticateRequestResult,
  type ServiceClientCredentialsFactory,
} from "botframework-connector";
import type { Config } from "../config/env.js";
import type { Logger } from "../log.js";
import { REFUSALS } from "./refusals.js";

/**
 * TESTS ONLY: which issuer the bot trusts for inbound channel tokens, and how it gets its outbound token. Production
 * never passes this (main.ts calls createBot without it) and nothing reads it from the environment, so no deployment
 * setting can switch the bot's trust to another token issuer.
 */
export interface BotAuthOverrides {
  /** Replaces https://login.botframework.com/v1/.well-known/openidconfiguration (whose JWKS signs channel tokens). */
  channelOpenIdMetadataUrl: string;
  /** Replaces https://api.botframework.com, the `iss` of channel tokens. */
  channelTokenIssuer: string;
  /** Replaces Entra ID (via MSAL, which needs the internet) as the source of the bot's outbound access token. */
  credentialsFactory: ServiceClientCredentialsFactory;
}

/** The botbuilder authentication options for this configuration. */
export function botFrameworkOptions(config: Config): ConfigurationBotFrameworkAuthenticationOptions {
  return {
    MicrosoftAppId: config.bot.appId,
    MicrosoftAppPassword: config.bot.password ?? "",
    MicrosoftAppTenantId: config.bot.tenantId ?? "",
    // The SDK insists on an app id for SingleTenant; local mode has none (authentication off).
    MicrosoftAppType: config.localMode ? "MultiTenant" : config.bot.appType,
  };
}

// Setting any one endpoint makes botbuilder use only the given ones, so the rest keep their public-cloud values.
function overriddenEndpoints(overrides: BotAuthOverrides): ConfigurationBotFrameworkAuthenticationOptions {
  return {
    ToBotFromChannelOpenIdMetadataUrl: overrides.channelOpenIdMetadataUrl,
    ToBotFromChannelTokenIssuer: overrides.channelTokenIssuer,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ValidateAuthority: true,
  };
}

// jsonwebtoken's errors for a bad signature, a disallowed algorithm or a not-yet-valid token.
const TOKEN_ERRORS = new Set(["JsonWebTokenError", "NotBeforeError", "TokenExpiredError"]);

type PipelineOwner = { client?: { pipeline?: { removePolicy(policy: { name: string }): unknown } } };

/**
 * Connector clients come with the Azure SDK's retry policy (3 retries on 429/5xx). Our gateway already retries, paced by
 * Teams' rate limits; retries inside the SDK would be calls the gateway never counts, so they are removed.
 */
function withoutSdkRetries<T>(connectorClient: T): T {
  (connectorClient as PipelineOwner).client?.pipeline?.removePolicy({ name: "defaultRetryPolicy" });
  return connectorClient;
}

/**
 * Two corrections to the stock adapter:
 * - botbuilder turns only its own AuthenticationError into 401: a forged signature or `alg: none` surfaces as
 *   jsonwebtoken's error and would answer 500, which reads as our fault, not the caller's;
 * - outbound calls go through our gateway's retries only (see withoutSdkRetries).
 */
export class ReassureAdapter extends TeamsAdapter {
  constructor(...args: ConstructorParameters<typeof TeamsAdapter>) {
    super(...args);
    const auth = this.botFrameworkAuthentication;
    const createFactory = auth.createConnectorFactory.bind(auth);
    auth.createConnectorFactory = (identity) => {
      const factory = createFactory(identity);
      const create = factory.create.bind(factory);
      factory.create = async (serviceUrl, audience) => withoutSdkRetries(await create(serviceUrl, audience));
      return factory;
    };
  }

  /**
   * Whether `authHeader` carries a valid channel token, checked before the request body is read, so that nothing an
   * unauthenticated caller sends is parsed at all. The service URL claim is checked later, against the activity.
   */
  async acceptsToken(authHeader: string): Promise<boolean> {
    try {
      await this.botFrameworkAuthentication.authenticateStreamingRequest(authHeader, "msteams");
      return true;
    } catch (error) {
      if (error instanceof AuthenticationError || (error instanceof Error && TOKEN_ERRORS.has(error.name))) return false;
      throw error;
    }
  }

  protected override processActivity(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined>;
  protected override processActivity(
    authenticateRequestResult: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined>;
  protected override async processActivity(
    auth: string | AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    if (typeof auth !== "string") return super.processActivity(auth, activity, logic);
    const authenticated = await this.botFrameworkAuthentication.authenticateRequest(activity, auth).catch((error: unknown) => {
      if (error instanceof Error && TOKEN_ERRORS.has(error.name)) {
        throw new AuthenticationError(`Unauthorized. ${error.message}`, StatusCodes.UNAUTHORIZED);
      }
      throw error;
    });
    return super.processActivity(authenticated, activity, logic);
  }
}

/**
 * The Bot Framework adapter. With no app id, authentication is OFF (local mode): the server then binds to loopback
 * only (see config). With one, every inbound request must carry a valid Bot Framework token.
 */
export function createAdapter(config: Config, logger: Logger, authOverrides?: BotAuthOverrides): ReassureAdapter {
  const options = { ...botFrameworkOptions(config), ...(authOverrides ? overriddenEndpoints(authOverrides) : {}) };
  const adapter = new ReassureAdapter(options, authOverrides?.credentialsFactory);
  adapter.onTurnError = async (turn, error) => {
    // A proactive send (the outbox's, through the gateway) must fail to its caller, who retries it or sets it aside;
    // swallowed here, it would count as sent.
    if (turn.activity.type === "event" && (turn.activity.name === "ContinueConversation" || turn.activity.name === "CreateConversation")) throw error;
    logger.error({ err: error, activityType: turn.activity.type, activityId: turn.activity.id }, "unhandled turn error");
    if (turn.activity.type === "message") {
      await turn.sendActivity(REFUSALS.failedWithoutReference).catch(() => undefined);
    }
  };
  return adapter;
}
