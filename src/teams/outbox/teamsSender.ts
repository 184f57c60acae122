import { MessageFactory, TurnContext, type Activity, type ConversationReference } from "botbuilder";
import type { TeamsAdapter } from "@microsoft/teams-ai";
import type { OutboundGateway } from "../../outbound/index.js";
import type { AdaptiveCardJson } from "../cards/render.js";
import { cardAttachment } from "../cards/render.js";

export interface ChannelTarget {
  channelId: string;
  serviceUrl: string;
  tenantId: string;
  /** The stored ConversationReference of the channel (JSON). */
  conversationRef: string;
}

export interface Placement {
  channelId: string;
  conversationId: string;
  activityId: string;
  serviceUrl: string;
}

const BOT_FRAMEWORK_SCOPE = "https://api.botframework.com";

/**
 * Every outbound call to Teams, each through the one gateway: rate limited per conversation and tenant, retried on
 * 429/412/5xx with backoff, ordered per channel. The channel id is the rate-limit key for its threads too.
 */
export class TeamsSender {
  constructor(
    private readonly adapter: TeamsAdapter,
    private readonly botAppId: string,
    private readonly gateway: OutboundGateway,
  ) {}

  /** Starts a new thread in the channel with the card; returns where it landed, to edit it later. */
  postCard(target: ChannelTarget, card: AdaptiveCardJson): Promise<Placement> {
    return this.gateway.submit({
      conversationKey: target.channelId,
      tenantId: target.tenantId,
      kind: "post",
      run: () =>
        new Promise<Placement>((resolve, reject) => {
          this.adapter
            .createConversationAsync(
              this.botAppId,
              "msteams",
              target.serviceUrl,
              BOT_FRAMEWORK_SCOPE,
              { isGroup: true, channelData: { channel: { id: target.channelId }, tenant: { id: target.tenantId } }, activity: MessageFactory.attachment(cardAttachment(card)) as Activity, tenantId: target.tenantId } as never,
              async (turn) => {
                const conversationId = turn.activity.conversation.id;
                // Teams names the new thread "<channel>;messageid=<id of the first message>": that id is the card's.
                const activityId = /;messageid=(.+)$/.exec(conversationId)?.[1] ?? turn.activity.id;
                if (!activityId) throw new Error("Teams returned no activity id for the new thread");
                resolve({ channelId: target.channelId, conversationId, activityId, serviceUrl: target.serviceUrl });
              },
            )
            .catch(reject);
        }),
    });
  }

  /** Replaces a posted card for everyone (the message is edited, not reposted). */
  updateCard(target: ChannelTarget, placement: Placement, card: AdaptiveCardJson): Promise<void> {
    return this.inConversation(target, placement.conversationId, "update", async (turn) => {
      await turn.updateActivity({ ...MessageFactory.attachment(cardAttachment(card)), id: placement.activityId });
    });
  }

  /** A message in the card's thread. */
  reply(target: ChannelTarget, placement: Placement, message: Partial<Activity>): Promise<void> {
    return this.inConversation(target, placement.conversationId, "reply", async (turn) => {
      await turn.sendActivity(message);
    });
  }

  /** A new message in a channel (coordination alerts). */
  postMessage(target: ChannelTarget, message: Partial<Activity>): Promise<void> {
    return this.inConversation(target, target.channelId, "post", async (turn) => {
      await turn.sendActivity(message);
    });
  }

  private inConversation(target: ChannelTarget, conversationId: string, kind: string, work: (turn: TurnContext) => Promise<void>): Promise<void> {
    const stored = JSON.parse(target.conversationRef) as Partial<ConversationReference>;
    const reference = { ...stored, serviceUrl: target.serviceUrl, conversation: { ...stored.conversation!, id: conversationId } } as ConversationReference;
    return this.gateway.submit({
      conversationKey: target.channelId,
      tenantId: target.tenantId,
      kind,
      run: () => this.adapter.continueConversationAsync(this.botAppId, reference, work),
    });
  }
}
