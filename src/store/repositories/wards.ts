import type { WardRepository } from "../../domain/ports.js";
import type { Ward, WardMode } from "../../domain/wards/ward.js";
import type { DbTx } from "../prismaClient.js";

const toWard = (row: { code: string; name: string; borough: string; enabled: boolean; mode: WardMode }): Ward => ({
  code: row.code,
  name: row.name,
  borough: row.borough,
  enabled: row.enabled,
  mode: row.mode,
});

export function wardRepository(db: DbTx): WardRepository {
  return {
    async get(code) {
      const row = await db.ward.findUnique({ where: { code } });
      return row ? toWard(row) : undefined;
    },
    async list() {
      return (await db.ward.findMany({ orderBy: [{ borough: "asc" }, { code: "asc" }] })).map(toWard);
    },
    async codes() {
      return (await db.ward.findMany({ select: { code: true } })).map((row) => row.code);
    },
    async upsert(ward) {
      await db.ward.upsert({ where: { code: ward.code }, create: ward, update: ward });
    },
    async serviceLevels(code) {
      const row = await db.ward.findUnique({ where: { code }, select: { claimHours: true, contactDays: true } });
      return row ? { claimHours: row.claimHours ?? undefined, contactDays: row.contactDays ?? undefined } : undefined;
    },
    async setServiceLevels(code, levels) {
      await db.ward.update({ where: { code }, data: { claimHours: levels.claimHours ?? null, contactDays: levels.contactDays ?? null } });
    },
    async setMode(code, mode) {
      await db.ward.update({ where: { code }, data: { mode } });
    },
  };
}
