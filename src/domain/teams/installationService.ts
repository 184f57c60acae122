import type { Clock } from "../clock.js";
import { SYSTEM_ACTOR } from "../events.js";
import type { Store } from "../ports.js";
import type { ChannelInfo, TeamInstallation } from "./installation.js";

/** Keeps Reassure's picture of the teams and channels it is in, and breaks ward bindings Teams has taken away. */
export class InstallationService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async installed(team: TeamInstallation, actor: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const at = this.clock.now();
      await tx.teams.recordInstall(team, at);
      await tx.teams.putChannel({ id: team.generalChannelId, teamId: team.id, name: "General" });
      // Re-installing revives the team's bindings that removal had broken.
      const revived = await tx.bindings.setStatusForTeam(team.id, "active");
      await tx.events.append({ actor, action: "team.installed", subjectType: "team", subjectId: team.id, details: { tenantId: team.tenantId, revivedWards: revived } }, at);
    });
  }

  /**
   * Names the channel a kind of message goes to (the HCOP's coordination channel, the inspectors'), and releases what
   * waited for it. `target` is the channel's address, opaque here. Returns how many waiting messages follow.
   */
  async bindNamedChannel(channel: { settingKey: string; action: string; pseudoWard: string; channelId: string; target: string }, actor: string): Promise<number> {
    return this.store.transaction(async (tx) => {
      const at = this.clock.now();
      await tx.settings.put(channel.settingKey, channel.target, actor, at);
      await tx.events.append({ actor, action: channel.action, subjectType: "setting", subjectId: channel.settingKey, details: { channelId: channel.channelId } }, at);
      return tx.outbox.releaseWaiting(channel.pseudoWard, at);
    });
  }

  /** Returns the wards whose binding is now broken. */
  async removed(teamId: string, actor: string): Promise<string[]> {
    return this.store.transaction(async (tx) => {
      const at = this.clock.now();
      await tx.teams.recordRemoval(teamId, at);
      const broken = await tx.bindings.setStatusForTeam(teamId, "broken");
      await tx.events.append({ actor, action: "team.removed", subjectType: "team", subjectId: teamId, details: { brokenWards: broken } }, at);
      return broken;
    });
  }

  async channelChanged(channel: ChannelInfo, change: "created" | "renamed"): Promise<void> {
    await this.store.transaction(async (tx) => {
      await tx.teams.putChannel(channel);
      await tx.events.append(
        { actor: SYSTEM_ACTOR, action: `channel.${change}`, subjectType: "channel", subjectId: channel.id, details: { teamId: channel.teamId, name: channel.name } },
        this.clock.now(),
      );
    });
  }

  /** Returns the wards whose binding is now broken. */
  async channelDeleted(channel: ChannelInfo): Promise<string[]> {
    return this.store.transaction(async (tx) => {
      const at = this.clock.now();
      await tx.teams.markChannelDeleted(channel.id, at);
      const broken = await tx.bindings.setStatusForChannel(channel.id, "broken");
      await tx.events.append({ actor: SYSTEM_ACTOR, action: "channel.deleted", subjectType: "channel", subjectId: channel.id, details: { teamId: channel.teamId, brokenWards: broken } }, at);
      return broken;
    });
  }
}
