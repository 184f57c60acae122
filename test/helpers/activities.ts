import { randomUUID } from "node:crypto";

// Teams-shaped activities, as Teams sends them to /api/messages. Ids follow Teams' formats.

export const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const BOT = { id: "28:00000000-0000-0000-0000-00000000b07", name: "Reassure" };
export const TEAM = { id: "19:team-general@thread.tacv2", name: "South West BCU", aadGroupId: "5d4f1c1e-0000-4000-8000-00000000a001" };
export const WARD_CHANNEL = { id: "19:ward-channel-1@thread.tacv2", name: "Ward — Abbey" };

export interface TestUser {
  id: string;
  name: string;
  aadObjectId: string;
}

export function user(n: number, name = `User ${n}`): TestUser {
  const hex = n.toString(16).padStart(12, "0");
  return { id: `29:user-${n}`, name, aadObjectId: `00000000-0000-4000-8000-${hex}` };
}

function base(serviceUrl: string, from: TestUser | undefined) {
  return {
    id: randomUUID(),
    channelId: "msteams",
    serviceUrl,
    timestamp: new Date().toISOString(),
    recipient: BOT,
    ...(from ? { from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId } } : {}),
    locale: "en-GB",
  };
}

/** A 1:1 chat message, as typed in the personal scope. */
export function personalMessage(serviceUrl: string, from: TestUser, text: string) {
  return {
    ...base(serviceUrl, from),
    type: "message",
    text,
    conversation: { id: `a:personal-${from.id}`, conversationType: "personal", tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
  };
}

/** "@Reassure <text>" posted in a team channel: Teams includes the mention markup and entity. */
export function channelMention(
  serviceUrl: string,
  from: TestUser,
  text: string,
  options: { channel?: { id: string; name: string }; extraMentions?: { user: TestUser }[] } = {},
) {
  const channel = options.channel ?? WARD_CHANNEL;
  const mentionText = `<at>${BOT.name}</at>`;
  const entities: any[] = [{ type: "mention", text: mentionText, mentioned: { id: BOT.id, name: BOT.name } }];
  for (const { user: mentioned } of options.extraMentions ?? []) {
    entities.push({ type: "mention", text: `<at>${mentioned.name}</at>`, mentioned: { id: mentioned.id, name: mentioned.name } });
  }
  const threadId = randomUUID().slice(0, 8);
  return {
    ...base(serviceUrl, from),
    type: "message",
    text: `${mentionText} ${text}`,
    entities,
    conversation: { id: `${channel.id};messageid=${threadId}`, conversationType: "channel", isGroup: true, tenantId: TENANT },
    channelData: { team: TEAM, channel: { id: channel.id, name: channel.name }, tenant: { id: TENANT } },
  };
}

/** The bot being added to a team (installation). */
export function botAddedToTeam(serviceUrl: string, by: TestUser) {
  return {
    ...base(serviceUrl, by),
    type: "conversationUpdate",
    membersAdded: [{ id: BOT.id }],
    conversation: { id: TEAM.id, conversationType: "channel", isGroup: true, tenantId: TENANT },
    channelData: { eventType: "teamMemberAdded", team: TEAM, tenant: { id: TENANT } },
  };
}

export function botRemovedFromTeam(serviceUrl: string, by: TestUser) {
  return {
    ...base(serviceUrl, by),
    type: "conversationUpdate",
    membersRemoved: [{ id: BOT.id }],
    conversation: { id: TEAM.id, conversationType: "channel", isGroup: true, tenantId: TENANT },
    channelData: { eventType: "teamMemberRemoved", team: TEAM, tenant: { id: TENANT } },
  };
}

export function channelEvent(serviceUrl: string, eventType: "channelCreated" | "channelRenamed" | "channelDeleted", channel: { id: string; name: string }) {
  return {
    ...base(serviceUrl, user(99, "Team owner")),
    type: "conversationUpdate",
    conversation: { id: TEAM.id, conversationType: "channel", isGroup: true, tenantId: TENANT },
    channelData: { eventType, team: TEAM, channel, tenant: { id: TENANT } },
  };
}

/** A click on a card's Action.Execute button in a channel thread: the invoke Teams sends. */
export function cardAction(
  serviceUrl: string,
  from: TestUser,
  action: { verb: string; data: Record<string, unknown> },
  where: { channelId: string; activityId: string },
) {
  return {
    ...base(serviceUrl, from),
    type: "invoke",
    name: "adaptiveCard/action",
    value: { action: { type: "Action.Execute", verb: action.verb, data: action.data }, trigger: "manual" },
    replyToId: where.activityId,
    conversation: { id: `${where.channelId};messageid=${where.activityId}`, conversationType: "channel", isGroup: true, tenantId: TENANT },
    channelData: { team: TEAM, channel: { id: where.channelId }, tenant: { id: TENANT }, source: { name: "message" } },
  };
}
