import { createHash } from "node:crypto";

/**
 * The audit chain: each event's hash covers its own content and the previous event's hash, so editing, deleting or
 * inserting an event breaks a link that `reassure audit verify` finds. Pure: no database here.
 *
 * The hash has no secret key. It shows changes made by anyone who did not also rewrite every later hash and the head;
 * an operator who records the head hash elsewhere (see `verify --expect`) can detect even that up to the recorded point.
 */

export const GENESIS_HASH = "0".repeat(64);
const FORMAT = "reassure.audit.v1";

/** What an event's hash covers, besides the previous hash. `details` is the stored JSON text, byte for byte. */
export interface ChainContent {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  details: string;
}

export interface ChainLink {
  seq: number;
  hash: string;
}

/** An event as stored: `seq`, `prevHash` and `hash` are null on rows written before the chain existed. */
export interface ChainedEventRow extends Omit<ChainContent, "seq"> {
  id: number;
  seq: number | null;
  prevHash: string | null;
  hash: string | null;
}

/** The head row: the last event of the chain, and the link the retention purge left where the chain now starts. */
export interface AuditHead {
  lastSeq: number;
  hash: string;
  prunedThroughSeq: number;
  prunedThroughHash: string;
  /** Events from before the chain existed that remain, and the highest id among them when the chain began. */
  legacyCount: number;
  legacyLastId: number;
}

/** Details as stored: JSON with object keys sorted, so equal details always serialise, and hash, the same. */
export function canonicalDetails(details: Record<string, unknown>): string {
  return JSON.stringify(details, (_key, value: unknown) =>
    value !== null && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}

/** SHA-256 (hex) over a JSON array of the fields: unambiguous, whatever the fields contain. */
export function eventHash(content: ChainContent, prevHash: string): string {
  const fields = [FORMAT, content.seq, content.at.toISOString(), content.actor, content.action, content.subjectType, content.subjectId, content.details, prevHash];
  return createHash("sha256").update(JSON.stringify(fields), "utf8").digest("hex");
}

/** Numbers and hashes new events in order after `head`; the last one's seq and hash become the new head. */
export function extendChain<T extends Omit<ChainContent, "seq">>(head: ChainLink, events: readonly T[]): (T & { seq: number; prevHash: string; hash: string })[] {
  let previous = head;
  return events.map((event) => {
    const seq = previous.seq + 1;
    const hash = eventHash({ ...event, seq }, previous.hash);
    const linked = { ...event, seq, prevHash: previous.hash, hash };
    previous = { seq, hash };
    return linked;
  });
}

export type ChainBreakKind = "edited" | "link" | "head" | "unhashed" | "anchor";

export interface ChainBreak {
  kind: ChainBreakKind;
  eventId?: number;
  seq?: number;
  message: string;
}

const describeLink = (link: ChainLink, start: ChainLink) =>
  link.seq === start.seq ? `seq ${link.seq} (${start.seq === 0 ? "the start of the chain" : "where the retention purge left the chain"})` : `seq ${link.seq}`;

/**
 * Checks chained events fed in seq order, from the chain's start; stops at the first break. Holds one link, so a
 * caller can walk any length of log in batches.
 */
export class ChainWalker {
  private last: ChainLink;
  private checked = 0;
  private broken: ChainBreak | undefined;

  constructor(private readonly start: ChainLink) {
    this.last = start;
  }

  get position(): ChainLink {
    return this.last;
  }

  get count(): number {
    return this.checked;
  }

  get firstBreak(): ChainBreak | undefined {
    return this.broken;
  }

  /** Returns the break this row reveals (and every later call returns nothing new): content first, then the link. */
  next(row: ChainedEventRow): ChainBreak | undefined {
    if (this.broken) return this.broken;
    const { id, seq, prevHash, hash } = row;
    if (seq === null || prevHash === null || hash === null) {
      return this.fail({ kind: "unhashed", eventId: id, message: `event ${id} sits in the chain without a complete seq, prevHash and hash (inserted?)` });
    }
    if (eventHash({ ...row, seq }, prevHash) !== hash) {
      return this.fail({ kind: "edited", eventId: id, seq, message: `event ${id} (seq ${seq}): its content does not match its hash (edited?)` });
    }
    const follows = describeLink(this.last, this.start);
    if (seq !== this.last.seq + 1) {
      const missing = seq > this.last.seq + 1 ? `seq ${this.last.seq + 1}${seq - 1 > this.last.seq + 1 ? `–${seq - 1}` : ""} is missing (deleted?)` : "its seq is out of order (inserted?)";
      return this.fail({ kind: "link", eventId: id, seq, message: `event ${id} (seq ${seq}) follows ${follows}: ${missing}` });
    }
    if (prevHash !== this.last.hash) {
      return this.fail({ kind: "link", eventId: id, seq, message: `event ${id} (seq ${seq}) follows ${follows} but its prevHash does not match (deleted or inserted before it?)` });
    }
    this.last = { seq, hash };
    this.checked++;
    return undefined;
  }

  /** After the last event up to the head: the head must name exactly that event. `maxSeq` is the highest seq stored. */
  finish(head: AuditHead, maxSeq: number | undefined): ChainBreak | undefined {
    if (this.broken) return this.broken;
    if (maxSeq !== undefined && maxSeq > head.lastSeq) {
      return this.fail({ kind: "head", seq: maxSeq, message: `the log continues past the head: it holds seq ${maxSeq} but the head says the last event is seq ${head.lastSeq} (events inserted at the end?)` });
    }
    if (this.last.seq !== head.lastSeq) {
      return this.fail({ kind: "head", seq: head.lastSeq, message: `the head says the last event is seq ${head.lastSeq} but the log ends at seq ${this.last.seq} (events deleted at the end?)` });
    }
    if (this.last.hash !== head.hash) {
      return this.fail({ kind: "head", seq: head.lastSeq, message: `the head's hash does not match event seq ${head.lastSeq} (the head or the last event rewritten?)` });
    }
    return undefined;
  }

  private fail(problem: ChainBreak): ChainBreak {
    this.broken = problem;
    return problem;
  }
}
