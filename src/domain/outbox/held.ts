import { COORDINATION_WARD, INSPECTORS_WARD, type OutboxKind } from "./outbox.js";

/** Items waiting for a channel to be bound, counted by where they wait, what they are and why. */
export interface HeldGroup {
  wardCode: string;
  kind: OutboxKind;
  reason: string;
  count: number;
}

const KIND_NAMES: Record<OutboxKind, [string, string]> = {
  post_referral: ["referral card", "referral cards"],
  update_card: ["card update", "card updates"],
  statement_notice: ["statement notice", "statement notices"],
  retire_stray_copy: ["stray-copy notice", "stray-copy notices"],
  coordination_alert: ["alert", "alerts"],
  reminder: ["reminder", "reminders"],
  escalation: ["escalation", "escalations"],
  digest: ["digest", "digests"],
};

const counted = (count: number, kind: OutboxKind) => `${count} ${KIND_NAMES[kind][count === 1 ? 0 : 1]}`;

/** Why nothing can go out, and the command that fixes it. */
function remedy(wardCode: string, reason: string): string {
  if (wardCode === COORDINATION_WARD) return "no coordination channel is bound — /coordination bind";
  if (wardCode === INSPECTORS_WARD) return "no inspectors' channel is bound — /inspectors bind";
  return reason === "bot removed from the channel" ? `the bot was removed from ward ${wardCode}'s channel — add it back, then /ward bind ${wardCode}` : `ward ${wardCode} is not bound to a channel — /ward bind ${wardCode}`;
}

/**
 * One line per place something waits, e.g. "2 digests are held: no coordination channel is bound — /coordination bind".
 * Ward codes and counts only. At most `max` lines; the rest are counted.
 */
export function heldLines(groups: readonly HeldGroup[], max = 5): string[] {
  const byPlace = new Map<string, HeldGroup[]>();
  for (const group of groups) byPlace.set(group.wardCode, [...(byPlace.get(group.wardCode) ?? []), group]);
  const lines = [...byPlace].map(([wardCode, held]) => {
    const total = held.reduce((sum, g) => sum + g.count, 0);
    const what = held.map((g) => counted(g.count, g.kind)).join(", ");
    return `${what} ${total === 1 ? "is" : "are"} held: ${remedy(wardCode, held[0]!.reason)}`;
  });
  if (lines.length <= max) return lines;
  return [...lines.slice(0, max), `… and ${lines.length - max} more wards with held messages (reassure outbox status lists them).`];
}
