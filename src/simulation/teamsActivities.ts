// Teams-shaped activities, as Teams posts them to /api/messages, for the simulated pilot. Ids and timestamps come
// from the simulation (a counter and its clock), so two runs with one seed send the same activities.

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
}

export interface SimChannel {
  id: string;
  name: string;
}

/** Numbers the activities of one run and stamps them with the simulated time. */
export class ActivityFactory {
  private next = 1;

  constructor(
    private readonly serviceUrl: string,
    private readonly now: () => Date,
  ) {}

  private base(from: SimUser) {
    return {
      id: `sim-${this.next++}`,
      channelId: "msteams",
      serviceUrl: this.serviceUrl,
      timestamp: this.now().toISOString(),
      recipient: SIM_BOT,
      from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
      locale: "en-GB",
    };
  }

  personalMessage(from: SimUser, text: string) {
    return {
      ...this.base(from),
      type: "message",
      text,
      conversation: { id: `a:personal-${from.id}`, conversationType: "personal", tenantId: SIM_TENANT },
      channelData: { tenant: { id: SIM_TENANT } },
    };
  }

  /** "@Reassure <text>" in a standard channel of a team. */
  channelMention(from: SimUser, team: SimTeam, channel: SimChannel, text: string) {
    const mention = `<at>${SIM_BOT.name}</at>`;
    return {
      ...this.base(from),
      type: "message",
      text: `${mention} ${text}`,
      entities: [{ type: "mention", text: mention, mentioned: { id: SIM_BOT.id, name: SIM_BOT.name } }],
      conversation: { id: `${channel.id};messageid=sim-thread-${this.next}`, conversationType: "channel", isGroup: true, tenantId: SIM_TENANT },
      channelData: { team, channel, tenant: { id: SIM_TENANT } },
    };
  }

  botAddedToTeam(by: SimUser, team: SimTeam) {
    return {
      ...this.base(by),
      type: "conversationUpdate",
      membersAdded: [{ id: SIM_BOT.id }],
      conversation: { id: team.id, conversationType: "channel", isGroup: true, tenantId: SIM_TENANT },
      channelData: { eventType: "teamMemberAdded", team, tenant: { id: SIM_TENANT } },
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
      conversation: { id: `${where.channelId};messageid=${where.activityId}`, conversationType: "channel", isGroup: true, tenantId: SIM_TENANT },
      channelData: { team, channel: { id: where.channelId }, tenant: { id: SIM_TENANT }, source: { name: "message" } },
    };
  }
}
