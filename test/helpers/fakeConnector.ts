import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ConnectorRequest {
  response?: { activityId?: string };
  method: string;
  path: string;
  /** e.g. "reply" | "send" | "update" | "createConversation" | "getMember" */
  kind: string;
  conversationId: string | undefined;
  activityId: string | undefined;
  body: any;
}

export interface Member {
  id: string;
  name: string;
  aadObjectId: string;
}

/**
 * A loopback stand-in for Teams' Bot Connector service (the activity's serviceUrl): records every call the bot makes
 * and answers as Teams would, so tests assert on what users would actually see.
 */
export class FakeConnector {
  readonly requests: ConnectorRequest[] = [];
  readonly members = new Map<string, Member>();
  private server: Server | undefined;
  /** Answers with this status instead of succeeding, for requests it returns a number for. */
  failWith: ((request: { method: string; path: string; kind: string; conversationId: string | undefined }) => number | undefined) | undefined;
  private nextId = 1;
  url = "";

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body }) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
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

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const body = raw ? JSON.parse(raw) : undefined;
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const method = req.method ?? "GET";
    let m: RegExpExecArray | null;
    const record = (kind: string, conversationId?: string, activityId?: string) =>
      this.requests.push({ method, path, kind, conversationId, activityId, body });
    const kindOf = method === "POST" && path === "/v3/conversations" ? "createConversation" : method === "PUT" ? "update" : method === "GET" ? "getMember" : /activities\/[^/]+$/.test(path) ? "reply" : "send";
    const conversationOf = kindOf === "createConversation" ? body?.channelData?.channel?.id : /^\/v3\/conversations\/([^/]+)/.exec(path)?.[1];
    const failure = this.failWith?.({ method, path, kind: kindOf, conversationId: conversationOf });
    if (failure) {
      record(`failed:${kindOf}`, conversationOf);
      return { status: failure, body: { error: { code: "Injected", message: `injected ${failure}` } } };
    }

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
