import { COORDINATION_WARD, INSPECTORS_WARD } from "../../domain/outbox/outbox.js";

export type NamedChannel = "coordination" | "inspectors";

/**
 * Channels named by a command rather than bound to a ward. Their messages wait under a pseudo-ward until the channel is
 * named; the channel itself is a stored ChannelTarget (JSON) setting.
 */
export const NAMED_CHANNELS: Record<NamedChannel, { command: string; settingKey: string; pseudoWard: string; purpose: string }> = {
  coordination: { command: "coordination", settingKey: "coordination-channel", pseudoWard: COORDINATION_WARD, purpose: "Reassure's alerts, escalations and the daily digest" },
  inspectors: { command: "inspectors", settingKey: "inspectors-channel", pseudoWard: INSPECTORS_WARD, purpose: "the weekly statistics digest" },
};

/**
 * Where a named channel's address is kept: the force's under the channel's key, a BCU's own under the key and the BCU's
 * name. A BCU without its own coordination channel is covered by the force's.
 */
export function namedChannelKey(channel: NamedChannel, bcu?: string): string {
  const key = NAMED_CHANNELS[channel].settingKey;
  return bcu === undefined ? key : `${key}:${bcu}`;
}
export { COORDINATION_WARD };
