import { describe, expect, it } from "vitest";
import { GENESIS_HASH, canonicalDetails, extendChain, type AuditHead, type ChainedEventRow } from "../../../src/domain/audit/chain.js";
import { checkPrefix, verifyAuditLog, type AuditReader } from "../../../src/domain/audit/verifyLog.js";

const AT = new Date("2024-04-02T09:00:00Z");

/** An in-memory log: chained rows, legacy rows (no seq) and the head, with hooks to change them mid-walk. */
class MemoryLog implements AuditReader {
  rows: ChainedEventRow[] = [];
  legacyIds: number[] = [];
  headRow: AuditHead | undefined = { lastSeq: 0, hash: GENESIS_HASH, prunedThroughSeq: 0, prunedThroughHash: GENESIS_HASH, legacyCount: 0, legacyLastId: 0 };
  slices = 0;
  onSlice: ((log: MemoryLog) => void) | undefined;
  private nextId = 1;

  withLegacy(n: number): this {
    for (let i = 0; i < n; i++) this.legacyIds.push(this.nextId++);
    this.headRow = { ...this.headRow!, legacyCount: n, legacyLastId: this.nextId - 1 };
    return this;
  }

  append(n: number): this {
    const head = this.headRow!;
    const events = Array.from({ length: n }, (_, i) => ({ at: AT, actor: "a", action: "x", subjectType: "t", subjectId: String(i), details: canonicalDetails({ i }) }));
    const linked = extendChain({ seq: head.lastSeq, hash: head.hash }, events).map((e) => ({ ...e, id: this.nextId++ }));
    this.rows.push(...linked);
    this.headRow = { ...head, lastSeq: linked.at(-1)!.seq, hash: linked.at(-1)!.hash };
    return this;
  }

  prune(throughSeq: number): void {
    const through = this.rows.find((r) => r.seq === throughSeq)!;
    this.rows = this.rows.filter((r) => r.seq! > throughSeq);
    this.headRow = { ...this.headRow!, prunedThroughSeq: throughSeq, prunedThroughHash: through.hash! };
  }

  async head() {
    return this.headRow && { ...this.headRow };
  }
  async chainSlice(afterSeq: number | undefined, upToSeq: number, limit: number) {
    this.slices++;
    const slice = this.rows
      .filter((r) => r.seq !== null && (afterSeq === undefined || r.seq > afterSeq) && r.seq <= upToSeq)
      .sort((a, b) => a.seq! - b.seq!)
      .slice(0, limit);
    this.onSlice?.(this);
    return slice;
  }
  async maxSeq() {
    return this.rows.length === 0 ? undefined : Math.max(...this.rows.map((r) => r.seq!));
  }
  async unchained(afterId: number) {
    return { count: this.legacyIds.length, firstAfter: this.legacyIds.filter((id) => id > afterId).sort((a, b) => a - b)[0] };
  }
}

describe("verifying the audit log", () => {
  it("walks the log in batches and reports the head to record", async () => {
    const log = new MemoryLog().append(10);
    const result = await verifyAuditLog(log, { batchSize: 3 });
    expect(result).toEqual({ ok: true, events: 10, start: { seq: 0, hash: GENESIS_HASH }, head: { seq: 10, hash: log.rows[9]!.hash }, legacyEvents: 0, problem: undefined });
    // 10 events in batches of 3: four slices, then one more to see nothing new.
    expect(log.slices).toBe(4);
  });

  it("follows the head when events are appended during the walk", async () => {
    const log = new MemoryLog().append(10);
    log.onSlice = (l) => {
      if (l.slices === 1) l.append(5);
    };
    const result = await verifyAuditLog(log, { batchSize: 4 });
    expect(result).toMatchObject({ ok: true, events: 15, head: { seq: 15 } });
  });

  it("starts again when the retention purge prunes the start during the walk", async () => {
    const log = new MemoryLog().append(10);
    log.onSlice = (l) => {
      if (l.slices === 1) l.prune(3);
    };
    const result = await verifyAuditLog(log, { batchSize: 4 });
    expect(result).toMatchObject({ ok: true, events: 7, start: { seq: 3, hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  });

  it("checks a head recorded earlier", async () => {
    const log = new MemoryLog().append(6);
    const recorded = { seq: 4, hash: log.rows[3]!.hash! };
    expect(await verifyAuditLog(log, { expect: recorded })).toMatchObject({ ok: true });
    expect(await verifyAuditLog(log, { expect: { seq: 4, hash: "e".repeat(64) } })).toMatchObject({
      ok: false,
      problem: { kind: "anchor", message: `event 4 (seq 4) does not have the hash recorded for it (the chain rewritten up to here?)` },
    });
    expect(await verifyAuditLog(log, { expect: { seq: 9, hash: recorded.hash } })).toMatchObject({ problem: { message: "the log does not reach seq 9: its head is seq 6 (events deleted at the end?)" } });
    log.prune(5);
    expect(await verifyAuditLog(log, { expect: recorded })).toMatchObject({ problem: { kind: "anchor", message: expect.stringMatching(/^seq 4 has been pruned/) } });
  });

  it("counts events from before the chain, and finds one added or removed", async () => {
    const log = new MemoryLog().withLegacy(3).append(4);
    expect(await verifyAuditLog(log)).toMatchObject({ ok: true, events: 4, legacyEvents: 3 });
    log.legacyIds.push(99);
    expect(await verifyAuditLog(log)).toMatchObject({ ok: false, problem: { kind: "unhashed", eventId: 99, message: "event 99 has no hash but was written after the chain began (inserted?)" } });
    log.legacyIds = [1, 3];
    expect(await verifyAuditLog(log)).toMatchObject({ ok: false, problem: { message: "2 events from before the chain have no hash, but the head records 3 (events deleted or inserted?)" } });
  });

  it("fails without a head row", async () => {
    const log = new MemoryLog().append(2);
    log.headRow = undefined;
    expect(await verifyAuditLog(log)).toMatchObject({ ok: false, problem: { kind: "head", message: "the audit head row is missing (deleted?)" } });
  });

  it("catches a row numbered at or below the chain's start", async () => {
    const log = new MemoryLog().append(6);
    log.prune(2);
    log.rows.unshift({ ...log.rows[0]!, id: 50, seq: 1 });
    expect(await verifyAuditLog(log)).toMatchObject({ ok: false, problem: { eventId: 50 } });
  });
});

describe("checking what pruning would remove", () => {
  it("returns the link the chain would start from, having checked up to the first event kept", async () => {
    const log = new MemoryLog().append(10);
    const head = (await log.head())!;
    expect(await checkPrefix(log, head, 4, 2)).toEqual({ problem: undefined, through: { seq: 4, hash: log.rows[3]!.hash } });
    expect(await checkPrefix(log, head, 10, 2)).toEqual({ problem: undefined, through: { seq: 10, hash: head.hash } });
    expect(await checkPrefix(log, head, 0)).toEqual({ problem: undefined, through: { seq: 0, hash: GENESIS_HASH } });
  });

  it("refuses when the part to prune, or its link to what stays, is broken — not for breaks further on", async () => {
    const log = new MemoryLog().append(10);
    const head = (await log.head())!;
    log.rows[4] = { ...log.rows[4]!, actor: "someone else" };
    expect((await checkPrefix(log, head, 3)).problem).toBeUndefined();
    expect((await checkPrefix(log, head, 4)).problem).toMatchObject({ kind: "edited", seq: 5 });
    log.rows.splice(8, 1);
    expect((await checkPrefix(log, head, 3)).problem).toBeUndefined();
  });

  it("refuses when events from before the chain do not match the head's record", async () => {
    const log = new MemoryLog().withLegacy(2).append(3);
    const head = (await log.head())!;
    log.legacyIds.pop();
    expect((await checkPrefix(log, head, 2)).problem).toMatchObject({ kind: "unhashed" });
  });
});
