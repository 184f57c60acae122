import { randomUUID } from "node:crypto";
import { ActivityFactory } from "../../src/simulation/teamsActivities.js";

// The tests' Teams: one tenant, one team, one ward channel, people numbered 1, 2, …; the activities themselves come from
// the one factory (src/simulation/teamsActivities.ts) with fresh ids and the real time.

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

const activities = (serviceUrl: string) =>
  new ActivityFactory({ serviceUrl, now: () => new Date(), newId: () => randomUUID(), tenantId: TENANT, bot: BOT });

export function personalMessage(serviceUrl: string, from: TestUser, text: string) {
  return activities(serviceUrl).personalMessage(from, text);
}

export function channelMention(serviceUrl: string, from: TestUser, text: string, options: { channel?: { id: string; name: string }; extraMentions?: { user: TestUser }[] } = {}) {
  return activities(serviceUrl).channelMention(from, TEAM, options.channel ?? WARD_CHANNEL, text, (options.extraMentions ?? []).map((m) => m.user));
}

export function botAddedToTeam(serviceUrl: string, by: TestUser) {
  return activities(serviceUrl).botAddedToTeam(by, TEAM);
}

export function botRemovedFromTeam(serviceUrl: string, by: TestUser) {
  return activities(serviceUrl).botRemovedFromTeam(by, TEAM);
}

export function channelEvent(serviceUrl: string, eventType: "channelCreated" | "channelRenamed" | "channelDeleted", channel: { id: string; name: string }) {
  return activities(serviceUrl).channelEvent(user(99, "Team owner"), TEAM, eventType, channel);
}

export function cardAction(serviceUrl: string, from: TestUser, action: { verb: string; data: Record<string, unknown> }, where: { channelId: string; activityId: string }) {
  return activities(serviceUrl).cardAction(from, TEAM, where, action.verb, action.data);
}
