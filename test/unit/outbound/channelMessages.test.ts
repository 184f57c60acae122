import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ChannelMessages } from "../../../src/outbound/channelMessages.js";

const NONCE = "0b6c1f52-6d2e-4a5b-9c8d-7e6f5a4b3c2d";
const OTHER = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const since = new Date("2026-11-28T10:00:00Z");

/** A Graph chatMessage holding one card whose buttons carry `nonce`, last changed at `at`. */
function message(id: string, at: string, nonce?: string, extra: object = {}) {
  const card = { type: "AdaptiveCard", actions: [{ type: "Action.Execute", verb: "claim", data: { verb: "claim", referralId: 1, version: 1, ...(nonce ? { card: nonce } : {}) } }] };
  return { id, lastModifiedDateTime: at, deletedDateTime: null, attachments: [{ id, contentType: "application/vnd.microsoft.card.adaptive", content: JSON.stringify(card) }], ...extra };
}

describe("ChannelMessages.findCard", () => {
  // A stand-in for Graph serving `pages` in turn; it records each request's URL and Authorization header.
  let server: Server;
  let base = "";
  let pages: { status?: number; value?: unknown[]; next?: string }[] = [];
  const requests: { url: string; authorization: string | undefined }[] = [];

  beforeEach(async () => {
    requests.length = 0;
    server = createServer((req, res) => {
      requests.push({ url: req.url!, authorization: req.headers.authorization });
      const page = pages[requests.length - 1] ?? { value: [] };
      res.writeHead(page.status ?? 200, { "content-type": "application/json" });
      res.end(JSON.stringify({ value: page.value ?? [], ...(page.next ? { "@odata.nextLink": page.next } : {}) }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0`;
  });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const finder = (authorization?: string) => new ChannelMessages({ baseUrl: base, authorization: async () => authorization });

  it("finds the card carrying the nonce on the first page, in one call with the bot's token", async () => {
    pages = [{ value: [message("m3", "2026-11-28T10:05:00Z", OTHER), message("m2", "2026-11-28T10:04:00Z", NONCE), message("m1", "2026-11-28T09:00:00Z")] }];
    expect(await finder("Bearer t").findCard("group-1", "19:ward@thread.tacv2", [NONCE], since)).toEqual({ outcome: "found", messageId: "m2", nonce: NONCE });
    expect(requests).toEqual([{ url: `/v1.0/teams/group-1/channels/${encodeURIComponent("19:ward@thread.tacv2")}/messages?$top=50`, authorization: "Bearer t" }]);
  });

  it("reads further pages only while they are newer than the attempt, and says absent once past it", async () => {
    pages = [
      { value: [message("m4", "2026-11-28T10:07:00Z")], next: `${base}/teams/group-1/channels/c/messages?$skiptoken=1` },
      { value: [message("m3", "2026-11-28T09:59:00Z")], next: `${base}/teams/group-1/channels/c/messages?$skiptoken=2` },
    ];
    expect(await finder().findCard("group-1", "c", [NONCE], since)).toEqual({ outcome: "absent" });
    expect(requests).toHaveLength(2);
    expect(requests[1]!.authorization).toBeUndefined();
  });

  it("finds a card on a later page", async () => {
    pages = [{ value: [message("m4", "2026-11-28T10:07:00Z")], next: `${base}/teams/g/channels/c/messages?$skiptoken=1` }, { value: [message("m3", "2026-11-28T10:01:00Z", NONCE)] }];
    expect(await finder().findCard("g", "c", [OTHER, NONCE], since)).toMatchObject({ outcome: "found", messageId: "m3" });
  });

  it("skips deleted messages and attachments that are not Adaptive Cards or not JSON", async () => {
    const notCard = { id: "m2", lastModifiedDateTime: "2026-11-28T10:02:00Z", attachments: [{ contentType: "text/html", content: NONCE }, { contentType: "application/vnd.microsoft.card.adaptive", content: `{${NONCE}` }] };
    pages = [{ value: [message("m3", "2026-11-28T10:03:00Z", NONCE, { deletedDateTime: "2026-11-28T10:03:00Z" }), notCard] }];
    expect(await finder().findCard("g", "c", [NONCE], since)).toEqual({ outcome: "absent" });
  });

  it("cannot tell when Graph refuses or fails, when the pages run out before the attempt, or when the next page is elsewhere", async () => {
    pages = [{ status: 403 }];
    expect(await finder().findCard("g", "c", [NONCE], since)).toEqual({ outcome: "unavailable", reason: "Graph answered 403" });
    requests.length = 0;
    pages = Array.from({ length: 4 }, (_, i) => ({ value: [message(`m${i}`, "2026-11-28T10:30:00Z")], next: `${base}/teams/g/channels/c/messages?$skiptoken=${i + 1}` }));
    expect(await finder().findCard("g", "c", [NONCE], since)).toEqual({ outcome: "unavailable", reason: "not reached in 4 pages" });
    expect(requests).toHaveLength(4);
    requests.length = 0;
    pages = [{ value: [message("m1", "2026-11-28T10:30:00Z")], next: "https://elsewhere.example/v1.0/next" }];
    expect(await finder("Bearer secret").findCard("g", "c", [NONCE], since)).toEqual({ outcome: "unavailable", reason: "Graph's next page is elsewhere" });
    expect(requests).toHaveLength(1);
  });

  it("cannot tell when Graph is unreachable", async () => {
    const closed = new ChannelMessages({ baseUrl: "http://127.0.0.1:1/v1.0", authorization: async () => undefined });
    expect(await closed.findCard("g", "c", [NONCE], since)).toMatchObject({ outcome: "unavailable" });
  });
});
