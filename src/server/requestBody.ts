import type { IncomingMessage } from "node:http";

export class BodyTooLarge extends Error {}

/**
 * The request body, held in memory and never more than `limit` bytes of it: nothing a caller sends is written to disk.
 * A Content-Length over the limit is refused before a byte is read.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  if (Number(req.headers["content-length"] ?? "0") > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The media type of the request, lower case, without parameters such as charset; "" when none is given. */
export function mediaType(req: IncomingMessage): string {
  return (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
}
