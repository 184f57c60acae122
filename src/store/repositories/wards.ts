import type { WardRepository } from "../../domain/ports.js";
import type { Ward, WardMode } from "../../domain/wards/ward.js";
import type { DbTx } from "../prismaClient.js";

const toWard = (row: { code: string; name: string; borough: string; bcuName: string; enabled: boolean; mode: WardMode }): Ward => ({
  code: row.code,
  name: row.name,
  borough: row.borough,
  bcu: row.bcuName,
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
    async upsert({ bcu, ...ward }) {
      const data = { ...ward, bcuName: bcu };
      await db.ward.upsert({ where: { code: ward.code }, create: data, update: data });
    },
    async bcus() {
      return (await db.bcu.findMany({ select: { name: true }, orderBy: { name: "asc" } })).map((row) => row.name);
    },
    async addBcu(name) {
      await db.bcu.upsert({ where: { name }, create: { name }, update: {} });
    },
    async caseCounts() {
      const rows = await db.case.groupBy({ by: ["wardCode"], _count: { _all: true } });
      return new Map(rows.map((row) => [row.wardCode, row._count._all]));
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
