import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { ConfigurationServiceClientCredentialFactory } from "botbuilder";
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWTPayload } from "jose";
import type { Config } from "../../src/config/env.js";
import { botFrameworkOptions, type BotAuthOverrides } from "../../src/teams/adapter.js";

type FactoryOptions = ConstructorParameters<typeof ConfigurationServiceClientCredentialFactory>[0];
type OutboundCredentials = Awaited<ReturnType<ConfigurationServiceClientCredentialFactory["createCredentials"]>>;

/**
 * The bot's own credential factory (so which app ids count as the bot's is decided exactly as in production), except
 * that outbound calls carry a fixed access token instead of one from Entra ID, which tests cannot reach.
 */
class FixedTokenCredentialsFactory extends ConfigurationServiceClientCredentialFactory {
  constructor(
    options: FactoryOptions,
    private readonly accessToken: string,
  ) {
    super(options);
  }

  override async createCredentials(appId: string): Promise<OutboundCredentials> {
    if (!(await this.isValidAppId(appId))) throw new Error("Invalid appId.");
    const authorization = `Bearer ${this.accessToken}`;
    return {
      signRequest: async (request) => {
        request.headers.set("authorization", authorization);
        return request;
      },
    };
  }
}

export interface SignOptions {
  /** Defaults to the provider's published key and kid. */
  privateKey?: CryptoKey;
  kid?: string;
  alg?: "RS256" | "RS384" | "RS512" | "PS256";
}

/**
 * A loopback stand-in for Bot Framework's token service: publishes OpenID metadata and a JWKS shaped like
 * https://login.botframework.com/v1/.well-known/openidconfiguration (keys endorsed for "msteams"), and signs channel
 * tokens with the claims Bot Connector puts in the tokens it sends to bots.
 */
export class FakeIdentityProvider {
  readonly kid = `test-key-${randomBytes(4).toString("hex")}`;
  /** What the bot sends as its outbound Bearer token (its Entra ID token in production). */
  readonly outboundAccessToken = `outbound-${randomBytes(8).toString("hex")}`;
  /** Paths requested, so a test can tell the bot really fetched the metadata and keys. */
  readonly requests: string[] = [];
  url = "";
  private server: Server | undefined;

  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
  ) {}

  static async start(): Promise<FakeIdentityProvider> {
    const { privateKey, publicKey } = await generateKeyPair("RS256");
    const provider = new FakeIdentityProvider(privateKey, publicKey);
    await provider.listen();
    return provider;
  }

  get issuer(): string {
    return `${this.url}/`;
  }

  get metadataUrl(): string {
    return `${this.url}/v1/.well-known/openidconfiguration`;
  }

  /** Makes the bot trust this provider (tests only: see BotAuthOverrides). */
  authOverrides(config: Config): BotAuthOverrides {
    return {
      channelOpenIdMetadataUrl: this.metadataUrl,
      channelTokenIssuer: this.issuer,
      credentialsFactory: new FixedTokenCredentialsFactory(botFrameworkOptions(config), this.outboundAccessToken),
    };
  }

  /** A token as Bot Connector sends it with an activity: five minutes old, valid for an hour. */
  channelToken(appId: string, serviceUrl: string, claims: JWTPayload = {}, options: SignOptions = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return this.sign({ iss: this.issuer, aud: appId, serviceurl: serviceUrl, nbf: now - 300, exp: now + 3600, ...claims }, options);
  }

  sign(payload: JWTPayload, options: SignOptions = {}): Promise<string> {
    return new SignJWT(payload)
      .setProtectedHeader({ alg: options.alg ?? "RS256", kid: options.kid ?? this.kid, typ: "JWT" })
      .sign(options.privateKey ?? this.privateKey);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async listen(): Promise<void> {
    const jwk = { ...(await exportJWK(this.publicKey)), kid: this.kid, use: "sig", alg: "RS256", endorsements: ["msteams"] };
    this.server = createServer((req, res) => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      this.requests.push(path);
      const body =
        path === "/v1/.well-known/openidconfiguration"
          ? { issuer: this.issuer, jwks_uri: `${this.url}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ["RS256"], token_endpoint_auth_methods_supported: ["private_key_jwt"] }
          : path === "/v1/.well-known/keys"
            ? { keys: [jwk] }
            : undefined;
      res.writeHead(body ? 200 : 404, { "content-type": "application/json" });
      res.end(JSON.stringify(body ?? { error: "not found" }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
}
