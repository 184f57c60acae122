import { ChainWalker, type AuditHead, type ChainBreak, type ChainedEventRow, type ChainLink } from "./chain.js";

/** What verification reads: the head and the events, a batch at a time, so memory stays bounded. */
export interface AuditReader {
  head(): Promise<AuditHead | undefined>;
  /** Chained events (seq set) with `afterSeq` < seq ≤ `upToSeq` (from the lowest when `afterSeq` is undefined), in seq order. */
  chainSlice(afterSeq: number | undefined, upToSeq: number, limit: number): Promise<ChainedEventRow[]>;
  /** The highest seq stored, if any event is chained. */
  maxSeq(): Promise<number | undefined>;
  /** Events outside the chain (no seq): how many, and the lowest id above `afterId` among them. */
  unchained(afterId: number): Promise<{ count: number; firstAfter: number | undefined }>;
}

export interface AuditVerification {
  ok: boolean;
  /** Chained events checked. */
  events: number;
  /** The link the chain starts from: seq 0 and the genesis hash, or where the retention purge left it. */
  start: ChainLink;
  /** The head as verified: operators may record it elsewhere and pass it back as `expect` later. */
  head: ChainLink | undefined;
  /** Events from before the chain existed: counted, not covered by hashes. */
  legacyEvents: number;
  problem: ChainBreak | undefined;
}

export interface VerifyOptions {
  batchSize?: number;
  /** A head recorded earlier: the event at this seq must still have this hash. */
  expect?: ChainLink;
}

/**
 * Walks the whole log in seq order and reports the first broken link. Safe while the bot keeps appending: it reads the
 * head first and checks events up to it, then follows the head if it moved. If the retention purge pruned the start of
 * the log meanwhile, it starts again.
 */
export async function verifyAuditLog(reader: AuditReader, options: VerifyOptions = {}): Promise<AuditVerification> {
  for (let attempt = 1; ; attempt++) {
    const result = await verifyOnce(reader, options);
    if (result !== "pruned-meanwhile") return result;
    if (attempt === 3) throw new Error("the retention purge kept pruning the log during verification: run it again later");
  }
}

async function verifyOnce(reader: AuditReader, options: VerifyOptions): Promise<AuditVerification | "pruned-meanwhile"> {
  const batchSize = options.batchSize ?? 1000;
  let head = await reader.head();
  if (!head) {
    return { ok: false, events: 0, start: { seq: 0, hash: "" }, head: undefined, legacyEvents: 0, problem: { kind: "head", message: "the audit head row is missing (deleted?)" } };
  }
  const start = { seq: head.prunedThroughSeq, hash: head.prunedThroughHash };
  const walker = new ChainWalker(start);
  const legacy = await reader.unchained(head.legacyLastId);
  const report = (problem: ChainBreak | undefined): AuditVerification => ({
    ok: problem === undefined,
    events: walker.count,
    start,
    head: head && { seq: head.lastSeq, hash: head.hash },
    legacyEvents: legacy.count,
    problem,
  });

  const legacyBreak = legacyProblem(legacy, head);
  if (legacyBreak) return report(legacyBreak);
  const anchor = options.expect;
  if (anchor && anchor.seq < start.seq) {
    return report({ kind: "anchor", seq: anchor.seq, message: `seq ${anchor.seq} has been pruned by the retention purge: that recorded head can no longer be checked` });
  }
  if (anchor && anchor.seq === start.seq && anchor.hash !== start.hash) {
    return report({ kind: "anchor", seq: anchor.seq, message: `the chain restarts at seq ${start.seq} with a hash other than the one recorded (rewritten?)` });
  }

  // From the lowest seq stored, not from the start: a row numbered at or below the start is itself a break.
  let after: number | undefined;
  for (;;) {
    for (;;) {
      const rows = await reader.chainSlice(after, head.lastSeq, batchSize);
      for (const row of rows) {
        const problem = walker.next(row);
        if (problem) return (await prunedSince(reader, start)) ? "pruned-meanwhile" : report(problem);
        if (anchor && row.seq === anchor.seq && row.hash !== anchor.hash) {
          return report({ kind: "anchor", eventId: row.id, seq: anchor.seq, message: `event ${row.id} (seq ${anchor.seq}) does not have the hash recorded for it (the chain rewritten up to here?)` });
        }
      }
      if (rows.length > 0) after = walker.position.seq;
      if (rows.length < batchSize) break;
    }
    // The highest seq is read before the head: a commit in between can only move the head past it, never behind it.
    const maxSeq = await reader.maxSeq();
    const latest = await reader.head();
    if (!latest) return report({ kind: "head", message: "the audit head row is missing (deleted?)" });
    if (latest.prunedThroughSeq !== start.seq) return "pruned-meanwhile";
    if (latest.lastSeq !== head.lastSeq) {
      // Appended while we walked: follow the head.
      head = latest;
      continue;
    }
    if (anchor && anchor.seq > head.lastSeq) {
      return report({ kind: "anchor", seq: anchor.seq, message: `the log does not reach seq ${anchor.seq}: its head is seq ${head.lastSeq} (events deleted at the end?)` });
    }
    return report(walker.finish(head, maxSeq));
  }
}

/**
 * Checks what pruning through `throughSeq` would remove — the chain from its start, the link to the first event kept,
 * and the events from before the chain — and returns the link the chain would then start from.
 */
export async function checkPrefix(reader: AuditReader, head: AuditHead, throughSeq: number, batchSize = 1000): Promise<{ problem: ChainBreak | undefined; through: ChainLink }> {
  const start = { seq: head.prunedThroughSeq, hash: head.prunedThroughHash };
  const walker = new ChainWalker(start);
  let through = start;
  const upTo = Math.min(throughSeq + 1, head.lastSeq);
  const problem = await (async () => {
    const legacyBreak = legacyProblem(await reader.unchained(head.legacyLastId), head);
    if (legacyBreak) return legacyBreak;
    for (let after: number | undefined; ; after = walker.position.seq) {
      const rows = await reader.chainSlice(after, upTo, batchSize);
      for (const row of rows) {
        const broken = walker.next(row);
        if (broken) return broken;
        if (row.seq === throughSeq) through = walker.position;
      }
      if (rows.length < batchSize) break;
    }
    if (upTo === head.lastSeq) return walker.finish(head, undefined);
    return walker.position.seq === upTo ? undefined : { kind: "link" as const, seq: walker.position.seq + 1, message: `seq ${walker.position.seq + 1} is missing (deleted?)` };
  })();
  return { problem, through };
}

function legacyProblem(legacy: { count: number; firstAfter: number | undefined }, head: AuditHead): ChainBreak | undefined {
  if (legacy.firstAfter !== undefined) {
    return { kind: "unhashed", eventId: legacy.firstAfter, message: `event ${legacy.firstAfter} has no hash but was written after the chain began (inserted?)` };
  }
  if (legacy.count !== head.legacyCount) {
    return { kind: "unhashed", message: `${legacy.count} events from before the chain have no hash, but the head records ${head.legacyCount} (events deleted or inserted?)` };
  }
  return undefined;
}

async function prunedSince(reader: AuditReader, start: ChainLink): Promise<boolean> {
  const head = await reader.head();
  return head !== undefined && head.prunedThroughSeq !== start.seq;
}
