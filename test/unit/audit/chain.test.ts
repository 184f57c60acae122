import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ChainWalker, GENESIS_HASH, canonicalDetails, eventHash, extendChain, type AuditHead, type ChainedEventRow } from "../../../src/domain/audit/chain.js";

const AT = new Date("2024-04-02T09:00:00Z");

/** A chain of `n` events as the store would hold them: ids from 100, seq from 1. */
function chain(n: number, actions = (i: number) => `action.${i}`): ChainedEventRow[] {
  const events = Array.from({ length: n }, (_, i) => ({
    at: new Date(AT.getTime() + i * 1000),
    actor: `actor-${i % 3}`,
    action: actions(i),
    subjectType: "case",
    subjectId: `${1_000_000 + i}/24`,
    details: canonicalDetails({ i }),
  }));
  return extendChain({ seq: 0, hash: GENESIS_HASH }, events).map((e, i) => ({ ...e, id: 100 + i }));
}

const headOf = (rows: readonly ChainedEventRow[]): AuditHead => ({
  lastSeq: rows.at(-1)?.seq ?? 0,
  hash: rows.at(-1)?.hash ?? GENESIS_HASH,
  prunedThroughSeq: 0,
  prunedThroughHash: GENESIS_HASH,
  legacyCount: 0,
  legacyLastId: 0,
});

function walk(rows: readonly ChainedEventRow[], head: AuditHead, maxSeq = Math.max(0, ...rows.map((r) => r.seq ?? 0))) {
  const walker = new ChainWalker({ seq: head.prunedThroughSeq, hash: head.prunedThroughHash });
  for (const row of rows) if (walker.next(row)) break;
  return walker.finish(head, maxSeq);
}

describe("audit chain hashing", () => {
  it("starts from 64 zeros", () => {
    expect(GENESIS_HASH).toBe("0000000000000000000000000000000000000000000000000000000000000000");
  });

  it("hashes a JSON array of the fields with SHA-256 (vectors computed with sha256sum)", () => {
    const first = eventHash({ seq: 1, at: AT, actor: "system", action: "role.granted", subjectType: "person", subjectId: "abc", details: '{"role":"admin"}' }, GENESIS_HASH);
    expect(first).toBe("d11f6c79facdba861fa6e14f109883ba5476b94ee648194a317493c00682bc7c");
    const second = eventHash(
      { seq: 2, at: new Date("2024-04-02T09:00:01.500Z"), actor: "cli:zoë", action: "case.created", subjectType: "case", subjectId: "1000000/24", details: "{}" },
      first,
    );
    expect(second).toBe("f8ef964c1ee766a4cc46b491a9867e019f9856e1ade164f7342008400a0dac02");
  });

  it("serialises details with sorted keys at every depth, arrays in order, dates as ISO text", () => {
    expect(canonicalDetails({ b: 1, a: { d: [3, 1], c: null }, e: new Date("2024-01-01T00:00:00Z") })).toBe('{"a":{"c":null,"d":[3,1]},"b":1,"e":"2024-01-01T00:00:00.000Z"}');
    expect(canonicalDetails({ z: 1, y: 2 })).toBe(canonicalDetails({ y: 2, z: 1 }));
  });

  it("numbers new events after the head and links each to the one before", () => {
    const head = { seq: 41, hash: "a".repeat(64) };
    const linked = extendChain(head, [
      { at: AT, actor: "x", action: "a", subjectType: "t", subjectId: "1", details: "{}" },
      { at: AT, actor: "x", action: "b", subjectType: "t", subjectId: "2", details: "{}" },
    ]);
    expect(linked.map((e) => e.seq)).toEqual([42, 43]);
    expect(linked[0]!.prevHash).toBe(head.hash);
    expect(linked[1]!.prevHash).toBe(linked[0]!.hash);
    expect(linked[1]!.hash).toBe(eventHash(linked[1]!, linked[0]!.hash));
  });

  it("changes the hash when any covered field changes", () => {
    const base = { seq: 7, at: AT, actor: "a", action: "b", subjectType: "c", subjectId: "d", details: "{}" };
    const hashes = new Set([
      eventHash(base, GENESIS_HASH),
      eventHash({ ...base, seq: 8 }, GENESIS_HASH),
      eventHash({ ...base, at: new Date(AT.getTime() + 1) }, GENESIS_HASH),
      eventHash({ ...base, actor: "A" }, GENESIS_HASH),
      eventHash({ ...base, action: "B" }, GENESIS_HASH),
      eventHash({ ...base, subjectType: "C" }, GENESIS_HASH),
      eventHash({ ...base, subjectId: "D" }, GENESIS_HASH),
      eventHash({ ...base, details: '{"x":1}' }, GENESIS_HASH),
      eventHash(base, "1".repeat(64)),
      // Field boundaries cannot be shifted: "ab"+"c" is not "a"+"bc".
      eventHash({ ...base, actor: "ab", action: "c" }, GENESIS_HASH),
      eventHash({ ...base, actor: "a", action: "bc" }, GENESIS_HASH),
    ]);
    expect(hashes.size).toBe(11);
  });
});

describe("walking the chain", () => {
  it("accepts an intact chain, and an empty one", () => {
    const rows = chain(20);
    expect(walk(rows, headOf(rows))).toBeUndefined();
    expect(walk([], headOf([]))).toBeUndefined();
  });

  it("names an edited event", () => {
    const rows = chain(10);
    rows[4] = { ...rows[4]!, details: '{"i":999}' };
    expect(walk(rows, headOf(chain(10)))).toEqual({ kind: "edited", eventId: 104, seq: 5, message: "event 104 (seq 5): its content does not match its hash (edited?)" });
  });

  it("names the event after a deleted one", () => {
    const rows = chain(10);
    const head = headOf(rows);
    rows.splice(4, 1);
    expect(walk(rows, head)).toEqual({ kind: "link", eventId: 105, seq: 6, message: "event 105 (seq 6) follows seq 4: seq 5 is missing (deleted?)" });
  });

  it("finds a rewritten event whose own hash was recomputed, at the next link", () => {
    const rows = chain(10);
    const forged = { ...rows[4]!, details: '{"i":999}' };
    rows[4] = { ...forged, hash: eventHash({ ...forged, seq: 5 }, forged.prevHash!) };
    expect(walk(rows, headOf(chain(10)))).toMatchObject({ kind: "link", eventId: 105, message: "event 105 (seq 6) follows seq 5 but its prevHash does not match (deleted or inserted before it?)" });
  });

  it("reports deletions at the end, events past the head, and a rewritten head", () => {
    const rows = chain(10);
    const head = headOf(rows);
    expect(walk(rows.slice(0, 8), head)).toMatchObject({ kind: "head", message: "the head says the last event is seq 10 but the log ends at seq 8 (events deleted at the end?)" });
    expect(walk(rows, head, 11)).toMatchObject({ kind: "head", message: "the log continues past the head: it holds seq 11 but the head says the last event is seq 10 (events inserted at the end?)" });
    expect(walk(rows, { ...head, hash: "f".repeat(64) })).toMatchObject({ kind: "head", message: "the head's hash does not match event seq 10 (the head or the last event rewritten?)" });
  });

  it("starts where the retention purge left the chain", () => {
    const rows = chain(10);
    const pruned = { ...headOf(rows), prunedThroughSeq: 4, prunedThroughHash: rows[3]!.hash! };
    expect(walk(rows.slice(4), pruned)).toBeUndefined();
    expect(walk(rows.slice(5), pruned)).toMatchObject({ kind: "link", eventId: 105, message: "event 105 (seq 6) follows seq 4 (where the retention purge left the chain): seq 5 is missing (deleted?)" });
  });

  it("property: any single edit, deletion, insertion or swap is found, at the first place it shows", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.nat(),
        fc.constantFrom("edit", "delete", "insert", "swap"),
        fc.constantFrom("actor", "action", "subjectId", "details", "at"),
        (n, pick, change, field) => {
          const rows = chain(n);
          const head = headOf(rows);
          const k = pick % n;
          let expected: { eventId?: number; kind: string };
          if (change === "edit") {
            const row = rows[k]!;
            rows[k] = field === "at" ? { ...row, at: new Date(row.at.getTime() + 1) } : { ...row, [field]: `${String(row[field])}x` };
            expected = { kind: "edited", eventId: 100 + k };
          } else if (change === "delete") {
            rows.splice(k, 1);
            expected = k === n - 1 ? { kind: "head" } : { kind: "link", eventId: 100 + k + 1 };
          } else if (change === "insert") {
            // A forger who knows the algorithm: a well-formed event numbered and linked to fit after its predecessor.
            const previous = k === 0 ? { seq: 0, hash: GENESIS_HASH } : { seq: rows[k - 1]!.seq!, hash: rows[k - 1]!.hash! };
            const [forged] = extendChain(previous, [{ at: AT, actor: "forger", action: "role.granted", subjectType: "person", subjectId: "me", details: "{}" }]);
            rows.splice(k, 0, { ...forged!, id: 999 });
            // It fits its place, so the break shows at the event it displaced.
            expected = { kind: "link", eventId: 100 + k };
          } else {
            if (n < 2) return true;
            const j = (k + 1) % n;
            [rows[k], rows[j]] = [rows[j]!, rows[k]!];
            expected = { kind: "link", eventId: rows[Math.min(j, k)]!.id };
          }
          const found = walk(rows, head);
          expect(found).toMatchObject(expected);
          return true;
        },
      ),
      { numRuns: 500 },
    );
  });
});
