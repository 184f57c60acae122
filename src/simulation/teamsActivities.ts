// Teams-shaped activities, as Teams posts them to /api/messages: the one factory behind the simulated pilot, the
// tests and the benchmarks. Ids and times come from the caller, so a simulation with one seed sends the same
// activities twice, and a test gets fresh ones.

export const SIM_TENANT = "5f0c2e7a-0000-4000-8000-00000000f0ce";
export const SIM_BOT = { id: "28:00000000-0000-0000-0000-00000000b07", name: "Reassure" };

export interface SimUser {
  id: string;
  name: string;
  aadObjectId: string;
}

export interface SimTeam {
  id: string;
  name: string;
  aadGroupId?: string;
}

export interface SimChannel {
  id: string;
  name: string;
}

export interface ActivityFactoryOptions {
  serviceUrl: string;
  now: () => Date;
  /** Activity and thread ids; numbered `sim-1`, `sim-2`, … unless given. */
  newId?: () => string;
  tenantId?: string;
  bot?: { id: string; name: string };
}

export type TeamEvent = "channelCreated" | "channelRenamed" | "channelDeleted";

export class ActivityFactory {
  private next = 1;
  private readonly serviceUrl: string;
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly tenant: string;
  private readonly bot: { id: string; name: string };

  constructor(options: ActivityFactoryOptions) {
    this.serviceUrl = options.serviceUrl;
    this.now = options.now;
    this.newId = options.newId ?? (() => `sim-${this.next++}`);
    this.tenant = options.tenantId ?? SIM_TENANT;
    this.bot = options.bot ?? SIM_BOT;
  }

  private base(from: SimUser) {
    return {
      id: this.newId(),
      channelId: "msteams",
      serviceUrl: this.serviceUrl,
      timestamp: this.now().toISOString(),
      recipient: this.bot,
      from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
      locale: "en-GB",
    };
  }

  private inTeam(team: SimTeam) {
    return { id: team.id, conversationType: "channel", isGroup: true, tenantId: this.tenant };
  }

  /** A 1:1 chat message, as typed in the personal scope. */
  personalMessage(from: SimUser, text: string) {
    return {
      ...this.base(from),
      type: "message",
      text,
      conversation: { id: `a:personal-${from.id}`, conversationType: "personal", tenantId: this.tenant },
      channelData: { tenant: { id: this.tenant } },
    };
  }

  /** "@Reassure <text>" in a standard channel of a team: Teams includes the mention markup and entity for each person. */
  channelMention(from: SimUser, team: SimTeam, channel: SimChannel, text: string, alsoMentioned: readonly SimUser[] = []) {
    const mention = `<at>${this.bot.name}</at>`;
    const entities = [
      { type: "mention", text: mention, mentioned: { id: this.bot.id, name: this.bot.name } },
      ...alsoMentioned.map((person) => ({ type: "mention", text: `<at>${person.name}</at>`, mentioned: { id: person.id, name: person.name } })),
    ];
    return {
      ...this.base(from),
      type: "message",
      text: `${mention} ${text}`,
      entities,
      conversation: { id: `${channel.id};messageid=${this.newId()}`, conversationType: "channel", isGroup: true, tenantId: this.tenant },
      channelData: { team, channel: { id: channel.id, name: channel.name }, tenant: { id: this.tenant } },
    };
  }

  /** The bot being added to a team (installation). */
  botAddedToTeam(by: SimUser, team: SimTeam) {
    return {
      ...this.base(by),
      type: "conversationUpdate",
      membersAdded: [{ id: this.bot.id }],
      conversation: this.inTeam(team),
      channelData: { eventType: "teamMemberAdded", team, tenant: { id: this.tenant } },
    };
  }

  botRemovedFromTeam(by: SimUser, team: SimTeam) {
    return {
      ...this.base(by),
      type: "conversationUpdate",
      membersRemoved: [{ id: this.bot.id }],
      conversation: this.inTeam(team),
      channelData: { eventType: "teamMemberRemoved", team, tenant: { id: this.tenant } },
    };
  }

  /** A channel of the team created, renamed or deleted. */
  channelEvent(by: SimUser, team: SimTeam, eventType: TeamEvent, channel: SimChannel) {
    return {
      ...this.base(by),
      type: "conversationUpdate",
      conversation: this.inTeam(team),
      channelData: { eventType, team, channel, tenant: { id: this.tenant } },
    };
  }

  /** A click on an Action.Execute button of a card posted as a channel thread. */
  cardAction(from: SimUser, team: SimTeam, where: { channelId: string; activityId: string }, verb: string, data: Record<string, unknown>) {
    return {
      ...this.base(from),
      type: "invoke",
      name: "adaptiveCard/action",
      value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" },
      replyToId: where.activityId,
      conversation: { id: `${where.channelId};messageid=${where.activityId}`, conversationType: "channel", isGroup: true, tenantId: this.tenant },
      channelData: { team, channel: { id: where.channelId }, tenant: { id: this.tenant }, source: { name: "message" } },
    };
  }
}
