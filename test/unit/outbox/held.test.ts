import { describe, expect, it } from "vitest";
import { heldLines } from "../../../src/domain/outbox/held.js";
import { isStaleDigest } from "../../../src/domain/outbox/staleDigest.js";

describe("heldLines", () => {
  it("says what is held where, and the command that releases it", () => {
    expect(
      heldLines([
        { wardCode: "#coordination", kind: "coordination_alert", reason: "no coordination channel set", count: 1 },
        { wardCode: "#coordination", kind: "digest", reason: "no coordination channel set", count: 2 },
        { wardCode: "#inspectors", kind: "digest", reason: "no inspectors channel set", count: 1 },
        { wardCode: "E05000001", kind: "post_referral", reason: "ward not bound to a channel", count: 3 },
        { wardCode: "E05000002", kind: "update_card", reason: "bot removed from the channel", count: 1 },
      ]),
    ).toEqual([
      "1 alert, 2 digests are held: no coordination channel is bound — /coordination bind",
      "1 digest is held: no inspectors' channel is bound — /inspectors bind",
      "3 referral cards are held: ward E05000001 is not bound to a channel — /ward bind E05000001",
      "1 card update is held: the bot was removed from ward E05000002's channel — add it back, then /ward bind E05000002",
    ]);
  });

  it("lists a few places and counts the rest", () => {
    const groups = Array.from({ length: 8 }, (_, i) => ({ wardCode: `E0500000${i}`, kind: "post_referral" as const, reason: "ward not bound to a channel", count: 1 }));
    const lines = heldLines(groups, 5);
    expect(lines).toHaveLength(6);
    expect(lines.at(-1)).toBe("… and 3 more wards with held messages (reassure outbox status lists them).");
  });
});

describe("isStaleDigest", () => {
  const slot = new Date("2024-04-01T06:30:00Z");
  it("drops a daily digest after a day and a weekly one after a week", () => {
    expect(isStaleDigest("daily", slot, new Date("2024-04-02T06:30:00Z"))).toBe(false);
    expect(isStaleDigest("daily", slot, new Date("2024-04-02T06:31:00Z"))).toBe(true);
    expect(isStaleDigest("weekly", slot, new Date("2024-04-07T06:30:00Z"))).toBe(false);
    expect(isStaleDigest("weekly", slot, new Date("2024-04-08T07:00:00Z"))).toBe(true);
  });
});
