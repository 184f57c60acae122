import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest();

/** A new random key and its configuration entry. Only the hash is ever configured: a leaked config reveals no key. */
export function newApiKey(name: string): { key: string; configEntry: string } {
  const key = `rsk_${randomBytes(32).toString("base64url")}`;
  return { key, configEntry: `${name}:sha256:${sha256(key).toString("hex")}` };
}

/**
 * The name of the configured key that `presented` matches, or undefined. Every configured hash is compared, in
 * constant time, so the time taken says nothing about which key (or how much of one) was right.
 */
export function matchApiKey(presented: string, hashes: ReadonlyMap<string, string>): string | undefined {
  const digest = sha256(presented);
  let match: string | undefined;
  for (const [name, hex] of hashes) {
    if (timingSafeEqual(digest, Buffer.from(hex, "hex")) && match === undefined) match = name;
  }
  return match;
}

/** The key in `Authorization: Bearer <key>`, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1];
}
