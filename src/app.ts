import { createAdapter, type BotAuthOverrides } from "./teams/adapter.js";
import { createApplication } from "./teams/application.js";
import type { AppContext } from "./services.js";
import { createOutboundGateway, type OutboundGatewayOptions } from "./outbound/index.js";
import { TeamsSender } from "./teams/outbox/teamsSender.js";
import { graphAuthorization } from "./teams/outbox/graphAuthorization.js";
import { ChannelMessages } from "./outbound/channelMessages.js";
import { watchGateway } from "./metrics/scrapeSources.js";
import { DEFAULT_OUTBOX_OPTIONS, OutboxWorker, type OutboxWorkerOptions } from "./teams/outbox/outboxWorker.js";

export interface BotOptions {
  /** Tests only (see BotAuthOverrides); production passes nothing. */
  authOverrides?: BotAuthOverrides;
  gateway?: OutboundGatewayOptions;
  /** Defaults to DEFAULT_OUTBOX_OPTIONS with the configured lease. */
  outbox?: Partial<OutboxWorkerOptions>;
}

/** The Teams side: adapter, Application, and the outbox worker that sends through the one gateway. */
export function createBot(deps: AppContext, options: BotOptions = {}) {
  const adapter = createAdapter(deps.config, deps.logger, options.authOverrides);
  // The Teams layer gets the services and nothing else: its handlers cannot reach the store.
  const { store: _store, ...services } = deps;
  const app = createApplication(adapter, services);
  const gateway = createOutboundGateway(options.gateway);
  watchGateway(deps.metrics, () => gateway.stats());
  const graphBaseUrl = deps.config.outbox.graphBaseUrl;
  const channelMessages = graphBaseUrl ? new ChannelMessages({ baseUrl: graphBaseUrl, authorization: graphAuthorization(adapter, deps.config) }) : undefined;
  const worker = new OutboxWorker(deps, new TeamsSender(adapter, deps.config.bot.appId, gateway, channelMessages), { ...DEFAULT_OUTBOX_OPTIONS, leaseMs: deps.config.outbox.leaseMs, ...options.outbox });
  deps.outboxSignal.onNudge(() => worker.nudge());
  return { adapter, app, gateway, worker };
}
