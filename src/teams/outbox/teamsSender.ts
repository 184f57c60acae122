import { randomUUID } from "node:crypto";
import { MessageFactory, TurnContext, type Activity, type ConversationReference } from "botbuilder";
import type { TeamsAdapter } from "@microsoft/teams-ai";
import { provesNotSent, type OutboundGateway, type RetryNotice } from "../../outbound/index.js";
import type { CardSearch, ChannelMessages } from "../../outbound/channelMessages.js";
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

/** A posted card and which copy it is: the nonce its buttons carry. */
export interface PostedCard extends Placement {
  cardNonce: string;
}

/** How `postCard` makes each copy findable. */
export interface FindablePost {
  /** The card, its buttons carrying this copy's nonce. */
  render(nonce: string): Promise<AdaptiveCardJson>;
  /** Durably, before the call to Teams. */
  recordAttempt(nonce: string): Promise<void>;
  /** Looks in the channel for a card carrying one of these nonces (see findCard). */
  findEarlier(nonces: readonly string[]): Promise<PostedCard | undefined>;
}

/** Hears each retry of a call, to log which outbox item is retried and why. */
export type RetryObserver = (retry: RetryNotice) => void;

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
    /** Microsoft Graph's view of channels; undefined when the deployment does not let the bot read them. */
    private readonly channelMessages?: ChannelMessages,
  ) {}

  /**
   * Starts a new thread in the channel with the card; returns where it landed, to edit it later. Teams takes no
   * idempotency key, so every call to Teams gets a fresh nonce, rendered into the card and recorded before the call.
   * A retry first looks for the earlier copies in the channel, unless every earlier call is known to have failed before
   * Teams did anything (see provesNotSent): then the refused copy is sent again as it was, with no look-up.
   */
  async postCard(target: ChannelTarget, post: FindablePost, onRetry?: RetryObserver): Promise<PostedCard> {
    const tried: string[] = [];
    /** Calls that may have posted their copy: a timeout, a 5xx, or an answer still to come. */
    const unresolved = new Set<string>();
    let refused: { nonce: string; activity: Activity } | undefined;
    const prepare = async () => {
      const nonce = randomUUID();
      const activity = MessageFactory.attachment(cardAttachment(await post.render(nonce))) as Activity;
      await post.recordAttempt(nonce);
      tried.push(nonce);
      return { nonce, activity };
    };
    // The first copy is made before the gateway gives this call its place in Teams' windows, which it holds until
    // Teams answers: rendering and the database write would otherwise lengthen every post's hold on the window.
    let next: { nonce: string; activity: Activity } | undefined = await prepare();
    return this.gateway.submit({
      conversationKey: target.channelId,
      tenantId: target.tenantId,
      kind: "post",
      onRetry,
      run: async () => {
        if (!next) {
          if (unresolved.size > 0) {
            const earlier = await post.findEarlier(tried);
            if (earlier) return earlier;
          }
          next = refused ?? (await prepare());
          refused = undefined;
        }
        const current = next;
        const { nonce, activity } = current;
        next = undefined;
        unresolved.add(nonce);
        return new Promise<PostedCard>((resolve, reject) => {
          const refusedOrFailed = (error: unknown) => {
            // Even an answer that comes after the gateway gave up on the call (a timeout) settles what that copy did.
            if (provesNotSent(error)) {
              unresolved.delete(nonce);
              refused = current;
            }
            reject(error);
          };
          this.adapter
            .createConversationAsync(
              this.botAppId,
              "msteams",
              target.serviceUrl,
              BOT_FRAMEWORK_SCOPE,
              { isGroup: true, channelData: { channel: { id: target.channelId }, tenant: { id: target.tenantId } }, activity, tenantId: target.tenantId } as never,
              async (turn) => {
                const conversationId = turn.activity.conversation.id;
                // Teams names the new thread "<channel>;messageid=<id of the first message>": that id is the card's.
                const activityId = /;messageid=(.+)$/.exec(conversationId)?.[1] ?? turn.activity.id;
                if (!activityId) throw new Error("Teams returned no activity id for the new thread");
                resolve({ channelId: target.channelId, conversationId, activityId, serviceUrl: target.serviceUrl, cardNonce: nonce });
              },
            )
            .catch(refusedOrFailed);
        });
      },
    });
  }

  /**
   * Looks in the channel for a card carrying one of the nonces, among the messages changed since `since`. One Graph
   * call (a page of 50) in the usual case; "unavailable" when the deployment cannot ask (no Graph, no team group id).
   */
  async findCard(target: ChannelTarget, teamAadGroupId: string | undefined, nonces: readonly string[], since: Date): Promise<CardSearch> {
    if (!this.channelMessages) return { outcome: "unavailable", reason: "Graph look-ups are off" };
    if (!teamAadGroupId) return { outcome: "unavailable", reason: "the team's group id is not known" };
    return this.channelMessages.findCard(teamAadGroupId, target.channelId, nonces, since);
  }

  /** The card as the placement of a card found in the channel. */
  foundPlacement(target: ChannelTarget, messageId: string, nonce: string): PostedCard {
    return { channelId: target.channelId, conversationId: `${target.channelId};messageid=${messageId}`, activityId: messageId, serviceUrl: target.serviceUrl, cardNonce: nonce };
  }

  /** Replaces a posted card for everyone (the message is edited, not reposted). */
  updateCard(target: ChannelTarget, placement: Placement, card: AdaptiveCardJson, onRetry?: RetryObserver): Promise<void> {
    return this.inConversation(target, placement.conversationId, "update", onRetry, async (turn) => {
      await turn.updateActivity({ ...MessageFactory.attachment(cardAttachment(card)), id: placement.activityId });
    });
  }

  /** A message in the card's thread. */
  reply(target: ChannelTarget, placement: Placement, message: Partial<Activity>, onRetry?: RetryObserver): Promise<void> {
    return this.inConversation(target, placement.conversationId, "reply", onRetry, async (turn) => {
      await turn.sendActivity(message);
    });
  }

  /** A new message in a channel (coordination alerts). */
  postMessage(target: ChannelTarget, message: Partial<Activity>, onRetry?: RetryObserver): Promise<void> {
    return this.inConversation(target, target.channelId, "post", onRetry, async (turn) => {
      await turn.sendActivity(message);
    });
  }

  private inConversation(target: ChannelTarget, conversationId: string, kind: string, onRetry: RetryObserver | undefined, work: (turn: TurnContext) => Promise<void>): Promise<void> {
    const stored = JSON.parse(target.conversationRef) as Partial<ConversationReference>;
    const reference = { ...stored, serviceUrl: target.serviceUrl, conversation: { ...stored.conversation!, id: conversationId } } as ConversationReference;
    return this.gateway.submit({
      conversationKey: target.channelId,
      tenantId: target.tenantId,
      kind,
      onRetry,
      run: () => this.adapter.continueConversationAsync(this.botAppId, reference, work),
    });
  }
}
