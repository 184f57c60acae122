import type { TurnContext } from "botbuilder";
import type { Caller } from "../domain/people/roles.js";
import type { RoleService } from "../domain/people/roleService.js";

/** Who sent this activity. Identity is the Entra object id Teams puts on `from`; never anything a card carries. */
export async function callerOf(turn: TurnContext, roles: RoleService): Promise<Caller> {
  const from = turn.activity.from;
  const aadObjectId = from.aadObjectId?.toLowerCase();
  const teamsUserId = from.id;
  const displayName = from.name ?? "Unknown user";
  return { aadObjectId, teamsUserId, displayName, ...(await roles.identify({ aadObjectId, teamsUserId, displayName })) };
}

export type ConversationKind = "personal" | "channel" | "groupChat";

export function conversationKind(turn: TurnContext): ConversationKind {
  const type = turn.activity.conversation.conversationType;
  if (type === "channel") return "channel";
  if (type === "groupChat") return "groupChat";
  return "personal";
}
