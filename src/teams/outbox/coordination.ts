/** Setting key of the HCOP coordination channel (a stored ChannelTarget as JSON). */
export const COORDINATION_KEY = "coordination-channel";

/** Outbox items for the coordination channel wait under this pseudo-ward until the channel is set. */
export const COORDINATION_WARD = "#coordination";
