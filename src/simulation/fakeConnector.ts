import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ConnectorRequest {
  response?: { activityId?: string };
  method: string;
  path: string;
  /** e.g. "reply" | "send" | "update" | "createConversation" | "getMember" | "graphChannelMessages" */
  kind: string;
  /** When the call arrived (Graph reports a message's times from it). */
  at: Date;
  /** The Authorization header, if any. */
  authorization: string | undefined;
  conversationId: string | undefined;
  activityId: string | undefined;
  /** The JSON the bot sent, as parsed: readers pick out the Bot Framework fields they look for. */
  body: any;
}

/**
 * An injected answer. With `status` the call fails (Teams did nothing); without it the call is carried out and only its
 * answer is late: held past the bot's attempt timeout, the message is posted though the bot has given up on the call.
 */
export interface Fault {
  status?: number;
  /** Sent as the Retry-After header (seconds, or an HTTP date). */
  retryAfter?: string;
  /** Hold the answer this long. */
  holdMs?: number;
}

export interface FaultContext {
  method: string;
  path: string;
  kind: string;
  conversationId: string | undefined;
}

export interface Member {
  id: string;
  name: string;
  aadObjectId: string;
}

/** Graph's page size when `$top` is not given, and its largest. */
const GRAPH_PAGE = { default: 20, max: 50 };
const GRAPH_MESSAGES = /^\/v1\.0\/teams\/[^/]+\/channels\/([^/]+)\/messages$/;

/**
 * A loopback stand-in for Teams' Bot Connector service (the activity's serviceUrl): records every call the bot makes
 * and answers as Teams would. The pilot simulation posts its cards here, and tests assert on what users would see
 * (test/helpers re-exports this one copy). It also answers Microsoft Graph's list of a channel's messages
 * (`GET /v1.0/teams/{group}/channels/{channel}/messages`) from the cards it accepted, as Graph would: first messages
 * of threads only, by last change, newest first, each card's JSON as a string in `attachments[].content`.
 */
export class FakeConnector {
  readonly requests: ConnectorRequest[] = [];
  readonly members = new Map<string, Member>();
  private server: Server | undefined;
  /** Answers with this status instead of succeeding (or as the Fault says), for requests it returns one for. */
  failWith: ((request: FaultContext) => number | Fault | undefined) | undefined;
  /** Every call is carried out on arrival and answered this many ms later: a slow Teams, so a crash can land mid-call. */
  delayMs = 0;
  private nextId = 1;
  url = "";

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req).then(
        async ({ status, body, headers, holdMs }) => {
          const wait = holdMs ?? this.delayMs;
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          // The caller may be gone (killed, or given up): the call was carried out all the same.
          if (res.destroyed) return;
          res.writeHead(status, { "content-type": "application/json", ...headers });
          res.end(JSON.stringify(body));
        },
        () => res.destroy(),
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      // A bot's keep-alive sockets, and answers still held back, must not keep the caller waiting.
      this.server.closeAllConnections();
    });
  }

  addMember(member: Member): void {
    this.members.set(member.id, member);
  }

  /** Messages the bot sent (replies, new posts), oldest first. */
  sent(): ConnectorRequest[] {
    return this.requests.filter((r) => r.kind === "reply" || r.kind === "send" || r.kind === "createConversation");
  }

  /** Cards posted as new threads (createConversation), oldest first. */
  posts(): { channelId: string; card: any; activityId: string }[] {
    return this.requests
      .filter((r) => r.kind === "createConversation")
      .map((r) => ({ channelId: r.conversationId!, card: r.body.activity?.attachments?.[0]?.content, activityId: r.response!.activityId! }));
  }

  /** Card edits (PUT), oldest first. */
  updates(): { conversationId: string; activityId: string; card: any }[] {
    return this.requests.filter((r) => r.kind === "update").map((r) => ({ conversationId: r.conversationId!, activityId: r.activityId!, card: r.body.attachments?.[0]?.content }));
  }

  /** The text of every message sent, for readable assertions. */
  texts(): string[] {
    return this.sent().map((r) => (r.kind === "createConversation" ? r.body.activity?.text : r.body.text) ?? "");
  }

  lastText(): string {
    const texts = this.texts();
    if (texts.length === 0) throw new Error("the bot sent nothing");
    return texts.at(-1)!;
  }

  lastCard(): any {
    const sent = this.sent().at(-1);
    const activity = sent?.kind === "createConversation" ? sent.body.activity : sent?.body;
    const card = activity?.attachments?.[0];
    if (!card || card.contentType !== "application/vnd.microsoft.card.adaptive") throw new Error("the last message has no Adaptive Card");
    return card.content;
  }

  clear(): void {
    this.requests.length = 0;
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown; headers?: Record<string, string>; holdMs?: number }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const body = raw ? JSON.parse(raw) : undefined;
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "x"}`);
    const path = decodeURIComponent(url.pathname);
    const method = req.method ?? "GET";
    const at = new Date();
    const authorization = req.headers.authorization;
    const record = (kind: string, conversationId?: string, activityId?: string) =>
      this.requests.push({ method, path, kind, conversationId, activityId, body, at, authorization });
    const graphChannel = method === "GET" ? GRAPH_MESSAGES.exec(path)?.[1] : undefined;
    const kindOf = graphChannel
      ? "graphChannelMessages"
      : method === "POST" && path === "/v3/conversations" ? "createConversation" : method === "PUT" ? "update" : method === "GET" ? "getMember" : /activities\/[^/]+$/.test(path) ? "reply" : "send";
    const conversationOf = graphChannel ?? (kindOf === "createConversation" ? body?.channelData?.channel?.id : /^\/v3\/conversations\/([^/]+)/.exec(path)?.[1]);
    const injected = this.failWith?.({ method, path, kind: kindOf, conversationId: conversationOf });
    const fault: Fault | undefined = typeof injected === "number" ? { status: injected } : injected;
    if (fault?.status) {
      record(`failed:${kindOf}`, conversationOf);
      const headers = fault.retryAfter === undefined ? undefined : { "retry-after": fault.retryAfter };
      return { status: fault.status, body: { error: { code: "Injected", message: `injected ${fault.status}` } }, headers, holdMs: fault.holdMs };
    }
    if (graphChannel) {
      record(kindOf, graphChannel);
      return { ...this.channelMessages(graphChannel, url), holdMs: fault?.holdMs };
    }
    return { ...this.carryOut(method, path, body, record), holdMs: fault?.holdMs };
  }

  /** Graph's page of a channel's thread-starting messages, as Teams holds them now (edits applied). */
  private channelMessages(channelId: string, url: URL): { status: number; body: unknown } {
    const messages = this.posts()
      .filter((p) => p.channelId === channelId)
      .map((p) => {
        const posted = this.requests.find((r) => r.kind === "createConversation" && r.response?.activityId === p.activityId)!;
        const edits = this.requests.filter((r) => r.kind === "update" && r.activityId === p.activityId);
        const card = edits.at(-1)?.body.attachments?.[0]?.content ?? p.card;
        const changed = (edits.at(-1) ?? posted).at;
        return {
          id: p.activityId,
          replyToId: null,
          messageType: "message",
          createdDateTime: posted.at.toISOString(),
          lastModifiedDateTime: changed.toISOString(),
          deletedDateTime: null,
          from: { application: { id: posted.body.bot?.id ?? "", displayName: "Reassure", applicationIdentityType: "bot" }, user: null },
          body: { contentType: "html", content: `<attachment id="${p.activityId}"></attachment>` },
          attachments: [{ id: p.activityId, contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content: JSON.stringify(card), name: null, thumbnailUrl: null }],
        };
      })
      .sort((a, b) => b.lastModifiedDateTime.localeCompare(a.lastModifiedDateTime));
    const top = Math.min(Number(url.searchParams.get("$top") ?? GRAPH_PAGE.default), GRAPH_PAGE.max);
    const skip = Number(url.searchParams.get("$skiptoken") ?? 0);
    const page = messages.slice(skip, skip + top);
    const next = new URL(url);
    next.searchParams.set("$skiptoken", String(skip + top));
    return { status: 200, body: { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#teams/channels/messages", value: page, ...(skip + top < messages.length ? { "@odata.nextLink": next.toString() } : {}) } };
  }

  /** Does what Teams would do with the call, records it, and gives Teams' answer. */
  private carryOut(method: string, path: string, body: any, record: (kind: string, conversationId?: string, activityId?: string) => void): { status: number; body: unknown } {
    let m: RegExpExecArray | null;

    if (method === "POST" && path === "/v3/conversations") {
      const id = `a-${this.nextId++}`;
      const channelId = body?.channelData?.channel?.id ?? "conv";
      record("createConversation", channelId);
      this.requests.at(-1)!.response = { activityId: id };
      return { status: 201, body: { id: `${channelId};messageid=${id}`, activityId: id } };
    }
    if ((m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path))) {
      const [, conversationId, activityId] = m;
      if (method === "POST") {
        record(activityId ? "reply" : "send", conversationId, activityId);
        return { status: 200, body: { id: `a-${this.nextId++}` } };
      }
      if (method === "PUT") {
        record("update", conversationId, activityId);
        return { status: 200, body: { id: activityId } };
      }
    }
    if (method === "GET" && (m = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/.exec(path))) {
      record("getMember", m[1], undefined);
      const member = this.members.get(m[2]!);
      if (!member) return { status: 404, body: { error: { code: "MemberNotFoundInConversation", message: "not found" } } };
      return { status: 200, body: { id: member.id, name: member.name, aadObjectId: member.aadObjectId, objectId: member.aadObjectId } };
    }
    record("unknown");
    return { status: 404, body: { error: { code: "NotFound", message: `${method} ${path}` } } };
  }
}
