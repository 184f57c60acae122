import type { BindingRepository } from "../../domain/ports.js";
import type { WardBinding } from "../../domain/wards/ward.js";
import type { DbTx } from "../prismaClient.js";

export function bindingRepository(db: DbTx): BindingRepository {
  const wardsWhere = async (where: { channelId?: string; teamId?: string }) =>
    (await db.wardBinding.findMany({ where, select: { wardCode: true } })).map((row) => row.wardCode);
  return {
    async get(wardCode) {
      return (await db.wardBinding.findUnique({ where: { wardCode } })) ?? undefined;
    },
    async list() {
      return db.wardBinding.findMany({ orderBy: { wardCode: "asc" } });
    },
    async put(binding: WardBinding) {
      await db.wardBinding.upsert({ where: { wardCode: binding.wardCode }, create: binding, update: binding });
    },
    async remove(wardCode) {
      return (await db.wardBinding.deleteMany({ where: { wardCode } })).count > 0;
    },
    async setStatusForChannel(channelId, status) {
      const wards = await wardsWhere({ channelId });
      await db.wardBinding.updateMany({ where: { channelId }, data: { status } });
      return wards;
    },
    async setStatusForTeam(teamId, status) {
      const wards = await wardsWhere({ teamId });
      await db.wardBinding.updateMany({ where: { teamId }, data: { status } });
      return wards;
    },
  };
}
