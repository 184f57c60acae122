import { TurnContext } from "botbuilder";
import { conversationKind } from "../caller.js";
import { COORDINATION_KEY, COORDINATION_WARD } from "../outbox/coordination.js";
import type { ChannelTarget } from "../outbox/teamsSender.js";
import { defineCommand, noArgs, requireRoles, text } from "./command.js";

const usage = "/coordination bind";

export const coordinationBind = defineCommand({
  name: "coordination bind",
  usage,
  description: "In the HCOP's coordination channel: send Reassure's alerts here",
  roles: ["admin", "hcop"],
  authorize: requireRoles("coordination bind", ["admin", "hcop"]),
  parse: noArgs(usage),
  async handle({ turn, caller, deps }) {
    const channel = turn.activity.channelData?.channel;
    if (conversationKind(turn) !== "channel" || !channel?.id) return text(`Send ${usage} in the coordination channel (a standard channel), not in a chat.`);
    const reference = TurnContext.getConversationReference(turn.activity);
    reference.conversation = { ...reference.conversation!, id: channel.id };
    delete reference.activityId;
    const target: ChannelTarget = {
      channelId: channel.id,
      serviceUrl: turn.activity.serviceUrl,
      tenantId: turn.activity.conversation.tenantId ?? turn.activity.channelData?.tenant?.id ?? "",
      conversationRef: JSON.stringify(reference),
    };
    const released = await deps.store.transaction(async (tx) => {
      const at = deps.clock.now();
      await tx.settings.put(COORDINATION_KEY, JSON.stringify(target), caller.aadObjectId!, at);
      await tx.events.append({ actor: caller.aadObjectId!, action: "coordination.bound", subjectType: "setting", subjectId: COORDINATION_KEY, details: { channelId: channel.id } }, at);
      return tx.outbox.releaseWaiting(COORDINATION_WARD, at);
    });
    return text(`Reassure's alerts (unbound wards, lost channels, failed deliveries) will be posted in this channel.${released > 0 ? ` ${released} waiting alert(s) follow.` : ""}`);
  },
});
