/** What a look in the channel found: the message id of a channel's first message is its Bot Framework activity id. */
export type CardSearch =
  | { outcome: "found"; messageId: string; nonce: string }
  | { outcome: "absent" }
  /** Graph could not be asked or would not answer: whether the card is there is unknown. */
  | { outcome: "unavailable"; reason: string };

export interface ChannelMessagesOptions {
  /** e.g. https://graph.microsoft.com/v1.0 */
  baseUrl: string;
  /** The Authorization header for Graph (the bot's own app token), or undefined to send none (local mode). */
  authorization: () => Promise<string | undefined>;
  timeoutMs?: number;
  /** Pages of 50 messages read at most before giving up (a busy channel since the attempt). */
  maxPages?: number;
}

const ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive";

interface GraphMessage {
  id?: string;
  lastModifiedDateTime?: string;
  deletedDateTime?: string | null;
  attachments?: { contentType?: string; content?: string | null }[];
}

/**
 * Reads a channel's recent messages through Microsoft Graph (`GET /teams/{group}/channels/{channel}/messages`, allowed
 * to the bot in the teams it is installed in by the resource-specific consent ChannelMessage.Read.Group) to find the
 * card that carries a post attempt's nonce. Graph lists a channel's first messages by last change, newest first, and
 * filters nothing, so pages are read back to the time the attempt was made.
 */
export class ChannelMessages {
  private readonly timeoutMs: number;
  private readonly maxPages: number;

  constructor(private readonly options: ChannelMessagesOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxPages = options.maxPages ?? 4;
  }

  async findCard(teamAadGroupId: string, channelId: string, nonces: readonly string[], since: Date): Promise<CardSearch> {
    let url: string | undefined = `${this.options.baseUrl}/teams/${encodeURIComponent(teamAadGroupId)}/channels/${encodeURIComponent(channelId)}/messages?$top=50`;
    try {
      const authorization = await this.options.authorization();
      for (let page = 0; url && page < this.maxPages; page++) {
        const response: Response = await fetch(url, { headers: { accept: "application/json", ...(authorization ? { authorization } : {}) }, signal: AbortSignal.timeout(this.timeoutMs) });
        if (!response.ok) return { outcome: "unavailable", reason: `Graph answered ${response.status}` };
        const body = (await response.json()) as { value?: GraphMessage[]; "@odata.nextLink"?: string };
        const messages = body.value ?? [];
        for (const message of messages) {
          const nonce = message.id && !message.deletedDateTime ? noncesIn(message).find((n) => nonces.includes(n)) : undefined;
          if (nonce) return { outcome: "found", messageId: message.id!, nonce };
        }
        const oldest = messages.at(-1)?.lastModifiedDateTime;
        if (oldest && Date.parse(oldest) < since.getTime()) return { outcome: "absent" };
        // The next page's link carries the bot's token too: follow it only to the Graph we were configured with.
        const next: string | undefined = body["@odata.nextLink"];
        url = next?.startsWith(`${this.options.baseUrl}/`) ? next : undefined;
        if (next && !url) return { outcome: "unavailable", reason: "Graph's next page is elsewhere" };
      }
      return url ? { outcome: "unavailable", reason: `not reached in ${this.maxPages} pages` } : { outcome: "absent" };
    } catch (error) {
      return { outcome: "unavailable", reason: error instanceof Error ? error.name : "error" };
    }
  }
}

/** The nonces of the Adaptive Cards in a message: Graph gives each card's JSON as a string. */
function noncesIn(message: GraphMessage): string[] {
  const found: string[] = [];
  for (const attachment of message.attachments ?? []) {
    if (attachment.contentType !== ADAPTIVE_CARD || typeof attachment.content !== "string") continue;
    let card: { actions?: { data?: { card?: unknown } }[]; refresh?: { action?: { data?: { card?: unknown } } } };
    try {
      card = JSON.parse(attachment.content) as typeof card;
    } catch {
      continue;
    }
    for (const data of [card.refresh?.action?.data, ...(card.actions ?? []).map((a) => a.data)]) {
      if (typeof data?.card === "string") found.push(data.card);
    }
  }
  return found;
}
