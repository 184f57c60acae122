import { TurnContext } from "botbuilder";
import { conversationKind } from "../caller.js";
import { text } from "./command.js";
import { parseWardCode } from "./wardArgs.js";
import { wardCommand, wardReply } from "./wardCommand.js";

export const wardBind = wardCommand({
  verb: "bind",
  args: "<ward code>",
  description: "In a ward team's channel: post that ward's referral cards here",
  parse: parseWardCode,
  async handle({ turn, caller, deps }, { code }, usage) {
    const activity = turn.activity;
    const team = activity.channelData?.team;
    const channel = activity.channelData?.channel;
    if (conversationKind(turn) !== "channel" || !team?.id || !channel?.id) {
      return text(`Send ${usage} in the ward team's channel (a standard channel of a team Reassure is added to), not in a chat.`);
    }
    const reference = TurnContext.getConversationReference(activity);
    // Post new threads into the channel itself, not as replies in the thread the command was typed in.
    reference.conversation = { ...reference.conversation!, id: channel.id };
    delete reference.activityId;
    const result = await deps.wards.bind(
      code,
      {
        teamId: team.id,
        channelId: channel.id,
        serviceUrl: activity.serviceUrl,
        tenantId: activity.conversation.tenantId ?? activity.channelData?.tenant?.id ?? "",
        conversationRef: JSON.stringify(reference),
      },
      caller.aadObjectId,
    );
    return wardReply(result, ({ ward, unchanged, previousChannelId }) => {
      if (unchanged) return `${ward.code} ${ward.name} is already bound to this channel.`;
      const moved = previousChannelId ? " (moved from its previous channel)" : "";
      return `Bound ${ward.code} ${ward.name} (${ward.borough}) to this channel${moved}. Its referral cards will be posted here. Mode: ${ward.mode}.`;
    });
  },
});
