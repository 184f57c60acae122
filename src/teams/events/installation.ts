import type { Application } from "@microsoft/teams-ai";
import type { TurnContext } from "botbuilder";
import { SYSTEM_ACTOR } from "../../domain/events.js";
import type { BotDeps } from "../deps.js";

/** Teams tells the bot when it is added to or removed from a team and when channels change; keep the record current. */
export function registerInstallationEvents(app: Application, deps: BotDeps): void {
  const teamOf = (turn: TurnContext) => turn.activity.channelData?.team as { id?: string; name?: string; aadGroupId?: string } | undefined;
  const tenantOf = (turn: TurnContext) => turn.activity.conversation.tenantId ?? turn.activity.channelData?.tenant?.id ?? "";
  const actorOf = (turn: TurnContext) => turn.activity.from?.aadObjectId?.toLowerCase() ?? SYSTEM_ACTOR;

  app.conversationUpdate("membersAdded", async (turn) => {
    const botAdded = (turn.activity.membersAdded ?? []).some((m) => m.id === turn.activity.recipient.id);
    if (!botAdded) return;
    const team = teamOf(turn);
    if (team?.id) {
      await deps.installations.installed(
        {
          id: team.id,
          aadGroupId: team.aadGroupId,
          name: team.name,
          tenantId: tenantOf(turn),
          serviceUrl: turn.activity.serviceUrl,
          // In Teams the General channel's id is the team id.
          generalChannelId: turn.activity.channelData?.channel?.id ?? team.id,
        },
        actorOf(turn),
      );
      deps.logger.info({ teamId: team.id }, "installed in team");
      await turn.sendActivity(
        "Reassure is installed in this team. In each ward team's channel, an HCOP or admin sends `@Reassure /ward bind <ward code>` to have that ward's referral cards posted there. Send `@Reassure help` for the commands.",
      );
      return;
    }
    await turn.sendActivity("Hello, I'm Reassure. Send `help` to see what you can do here.");
  });

  app.conversationUpdate("membersRemoved", async (turn) => {
    const botRemoved = (turn.activity.membersRemoved ?? []).some((m) => m.id === turn.activity.recipient.id);
    const team = teamOf(turn);
    if (!botRemoved || !team?.id) return;
    const broken = await deps.installations.removed(team.id, actorOf(turn));
    deps.logger.warn({ teamId: team.id, brokenWards: broken }, "removed from team: ward bindings broken");
  });

  for (const change of ["channelCreated", "channelRenamed", "channelRestored"] as const) {
    app.conversationUpdate(change, async (turn) => {
      const team = teamOf(turn);
      const channel = turn.activity.channelData?.channel as { id?: string; name?: string } | undefined;
      if (!team?.id || !channel?.id) return;
      await deps.installations.channelChanged({ id: channel.id, teamId: team.id, name: channel.name }, change === "channelRenamed" ? "renamed" : "created");
    });
  }

  app.conversationUpdate("channelDeleted", async (turn) => {
    const team = teamOf(turn);
    const channel = turn.activity.channelData?.channel as { id?: string; name?: string } | undefined;
    if (!team?.id || !channel?.id) return;
    const broken = await deps.installations.channelDeleted({ id: channel.id, teamId: team.id, name: channel.name });
    if (broken.length > 0) deps.logger.warn({ channelId: channel.id, brokenWards: broken }, "channel deleted: ward bindings broken");
  });

  for (const teamGone of ["teamDeleted", "teamHardDeleted"] as const) {
    app.conversationUpdate(teamGone, async (turn) => {
      const team = teamOf(turn);
      if (team?.id) await deps.installations.removed(team.id, SYSTEM_ACTOR);
    });
  }
}
