import type { SettingRepository } from "../../domain/ports.js";
import type { DbTx } from "../prismaClient.js";

export function settingRepository(db: DbTx): SettingRepository {
  return {
    async get(key) {
      return (await db.setting.findUnique({ where: { key } }))?.value;
    },
    async put(key, value, updatedBy, updatedAt) {
      await db.setting.upsert({ where: { key }, create: { key, value, updatedBy, updatedAt }, update: { value, updatedBy, updatedAt } });
    },
  };
}
