import type { TeamRepository } from "../../domain/ports.js";
import type { DbTx } from "../prismaClient.js";

const orUndefined = <T>(value: T | null): T | undefined => value ?? undefined;

export function teamRepository(db: DbTx): TeamRepository {
  return {
    async recordInstall(team, at) {
      const data = {
        aadGroupId: team.aadGroupId ?? null,
        name: team.name ?? null,
        tenantId: team.tenantId,
        serviceUrl: team.serviceUrl,
        generalChannelId: team.generalChannelId,
      };
      await db.team.upsert({
        where: { id: team.id },
        create: { id: team.id, ...data, installedAt: at },
        update: { ...data, installedAt: at, removedAt: null },
      });
    },
    async recordRemoval(teamId, at) {
      await db.team.updateMany({ where: { id: teamId }, data: { removedAt: at } });
    },
    async get(teamId) {
      const row = await db.team.findUnique({ where: { id: teamId } });
      if (!row) return undefined;
      return { ...row, aadGroupId: orUndefined(row.aadGroupId), name: orUndefined(row.name), removedAt: orUndefined(row.removedAt) };
    },
    async putChannel(channel) {
      const data = { teamId: channel.teamId, name: channel.name ?? null, deletedAt: null };
      await db.channel.upsert({ where: { id: channel.id }, create: { id: channel.id, ...data }, update: data });
    },
    async markChannelDeleted(channelId, at) {
      await db.channel.updateMany({ where: { id: channelId }, data: { deletedAt: at } });
    },
    async getChannel(channelId) {
      const row = await db.channel.findUnique({ where: { id: channelId } });
      if (!row) return undefined;
      return { id: row.id, teamId: row.teamId, name: orUndefined(row.name), deletedAt: orUndefined(row.deletedAt) };
    },
  };
}
