/** Setting key of the HCOP coordination channel (a stored ChannelTarget as JSON). */
export const COORDINATION_KEY = "coordination-channel";

export { COORDINATION_WARD } from "../../domain/outbox/outbox.js";
