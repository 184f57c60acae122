import { TurnContext } from "botbuilder";
import { conversationKind } from "../caller.js";
import { NAMED_CHANNELS, type NamedChannel } from "../outbox/coordination.js";
import type { ChannelTarget } from "../outbox/teamsSender.js";
import { defineCommand, noArgs, text } from "./command.js";

/** `/coordination bind` and `/inspectors bind`: the channel Reassure posts alerts and digests to. */
function channelBind(channel: NamedChannel) {
  const { command, settingKey, pseudoWard, purpose } = NAMED_CHANNELS[channel];
  const usage = `/${command} bind`;
  return defineCommand({
    name: `${command} bind`,
    usage,
    description: `In the ${channel === "coordination" ? "HCOP's coordination" : "inspectors'"} channel: post ${purpose} here`,
    roles: ["admin", "hcop"],
    parse: noArgs(usage),
    async handle({ turn, caller, deps }) {
      const here = turn.activity.channelData?.channel;
      if (conversationKind(turn) !== "channel" || !here?.id) return text(`Send ${usage} in that channel (a standard channel), not in a chat.`);
      const reference = TurnContext.getConversationReference(turn.activity);
      reference.conversation = { ...reference.conversation!, id: here.id };
      delete reference.activityId;
      const target: ChannelTarget = {
        channelId: here.id,
        serviceUrl: turn.activity.serviceUrl,
        tenantId: turn.activity.conversation.tenantId ?? turn.activity.channelData?.tenant?.id ?? "",
        conversationRef: JSON.stringify(reference),
      };
      const released = await deps.installations.bindNamedChannel(
        { settingKey, action: `${command}.bound`, pseudoWard, channelId: here.id, target: JSON.stringify(target) },
        caller.aadObjectId,
      );
      const capital = purpose.charAt(0).toUpperCase() + purpose.slice(1);
      return text(`${capital} will be posted in this channel.${released > 0 ? ` ${released} waiting message(s) follow.` : ""}`);
    },
  });
}

export const coordinationBind = channelBind("coordination");
export const inspectorsBind = channelBind("inspectors");
