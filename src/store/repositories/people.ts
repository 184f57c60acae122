import type { PeopleRepository, PersonRecord } from "../../domain/ports.js";
import type { Role } from "../../domain/people/roles.js";
import type { DbTx } from "../prismaClient.js";

type Row = { aadObjectId: string; teamsUserId: string | null; displayName: string | null; roles: { role: Role }[] };

const toPerson = (row: Row): PersonRecord => ({
  aadObjectId: row.aadObjectId,
  teamsUserId: row.teamsUserId ?? undefined,
  displayName: row.displayName ?? undefined,
  roles: row.roles.map((r) => r.role).sort(),
});

export function peopleRepository(db: DbTx): PeopleRepository {
  return {
    async get(aadObjectId) {
      // One statement, not Prisma's two for `include`: every activity reads its sender this way.
      const rows = await db.$queryRaw<{ teamsUserId: string | null; displayName: string | null; role: Role | null }[]>`
        SELECT p."teamsUserId", p."displayName", CAST(r."role" AS TEXT) AS "role"
        FROM "Person" p LEFT JOIN "PersonRole" r ON r."aadObjectId" = p."aadObjectId"
        WHERE p."aadObjectId" = ${aadObjectId}`;
      const [first] = rows;
      if (!first) return undefined;
      return toPerson({ aadObjectId, teamsUserId: first.teamsUserId, displayName: first.displayName, roles: rows.flatMap((r) => (r.role ? [{ role: r.role }] : [])) });
    },
    async touch({ aadObjectId, teamsUserId, displayName }) {
      const known = { ...(teamsUserId ? { teamsUserId } : {}), ...(displayName ? { displayName } : {}) };
      await db.person.upsert({ where: { aadObjectId }, create: { aadObjectId, ...known }, update: known });
    },
    async rolesOf(aadObjectId) {
      return (await db.personRole.findMany({ where: { aadObjectId }, select: { role: true } })).map((r) => r.role);
    },
    async grant(aadObjectId, role, by, at) {
      const existing = await db.personRole.findUnique({ where: { aadObjectId_role: { aadObjectId, role } } });
      if (existing) return false;
      await db.person.upsert({ where: { aadObjectId }, create: { aadObjectId }, update: {} });
      await db.personRole.create({ data: { aadObjectId, role, grantedBy: by, grantedAt: at } });
      return true;
    },
    async revoke(aadObjectId, role) {
      return (await db.personRole.deleteMany({ where: { aadObjectId, role } })).count > 0;
    },
    async withRole(role) {
      const rows = await db.person.findMany({ where: { roles: { some: { role } } }, include: { roles: true }, orderBy: { displayName: "asc" } });
      return rows.map(toPerson);
    },
    async teamsIdsOf(roles, people) {
      const rows = await db.person.findMany({
        where: { OR: [{ roles: { some: { role: { in: [...roles] } } } }, { aadObjectId: { in: [...people] } }], teamsUserId: { not: null } },
        select: { teamsUserId: true },
      });
      return rows.map((r) => r.teamsUserId!);
    },
    async supervisedWards(aadObjectId) {
      return (await db.supervisorWard.findMany({ where: { aadObjectId }, select: { wardCode: true }, orderBy: { wardCode: "asc" } })).map((r) => r.wardCode);
    },
    async supervisorsOf(wardCode) {
      const links = await db.supervisorWard.findMany({ where: { wardCode }, select: { aadObjectId: true } });
      const rows = await db.person.findMany({ where: { aadObjectId: { in: links.map((l) => l.aadObjectId) }, roles: { some: { role: "supervisor" } } }, include: { roles: true } });
      return rows.map(toPerson);
    },
    async setSupervision(aadObjectId, wardCode, by, at) {
      if (await db.supervisorWard.findUnique({ where: { aadObjectId_wardCode: { aadObjectId, wardCode } } })) return false;
      await db.supervisorWard.create({ data: { aadObjectId, wardCode, assignedBy: by, assignedAt: at } });
      return true;
    },
    async removeSupervision(aadObjectId, wardCode) {
      return (await db.supervisorWard.deleteMany({ where: { aadObjectId, wardCode } })).count > 0;
    },
    async listWithRoles() {
      const rows = await db.person.findMany({
        where: { roles: { some: {} } },
        include: { roles: true },
        orderBy: { displayName: "asc" },
      });
      return rows.map(toPerson);
    },
  };
}
