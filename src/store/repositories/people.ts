import type { PeopleRepository, PersonRecord } from "../../domain/ports.js";
import type { Role, RoleHolding } from "../../domain/people/roles.js";
import type { DbTx } from "../prismaClient.js";

/** A force-wide role is stored with the empty BCU name: the column is part of the key, which cannot hold NULL. */
const FORCE_WIDE = "";
const bcuColumn = (h: RoleHolding) => h.bcu ?? FORCE_WIDE;
const toHolding = (r: { role: Role; bcu: string }): RoleHolding => ({ role: r.role, bcu: r.bcu === FORCE_WIDE ? undefined : r.bcu });

type Row = { aadObjectId: string; teamsUserId: string | null; displayName: string | null; roles: { role: Role; bcu: string }[] };

const toPerson = (row: Row): PersonRecord => {
  const holdings = row.roles.map(toHolding).sort((a, b) => a.role.localeCompare(b.role) || (a.bcu ?? "").localeCompare(b.bcu ?? ""));
  return {
    aadObjectId: row.aadObjectId,
    teamsUserId: row.teamsUserId ?? undefined,
    displayName: row.displayName ?? undefined,
    roles: [...new Set(holdings.map((h) => h.role))],
    holdings,
  };
};

export function peopleRepository(db: DbTx): PeopleRepository {
  return {
    async get(aadObjectId) {
      // One statement, not Prisma's two for `include`: every activity reads its sender this way.
      const rows = await db.$queryRaw<{ teamsUserId: string | null; displayName: string | null; role: Role | null; bcu: string | null }[]>`
        SELECT p."teamsUserId", p."displayName", CAST(r."role" AS TEXT) AS "role", r."bcu"
        FROM "Person" p LEFT JOIN "PersonRole" r ON r."aadObjectId" = p."aadObjectId"
        WHERE p."aadObjectId" = ${aadObjectId}`;
      const [first] = rows;
      if (!first) return undefined;
      return toPerson({ aadObjectId, teamsUserId: first.teamsUserId, displayName: first.displayName, roles: rows.flatMap((r) => (r.role ? [{ role: r.role, bcu: r.bcu ?? FORCE_WIDE }] : [])) });
    },
    async touch({ aadObjectId, teamsUserId, displayName }) {
      const known = { ...(teamsUserId ? { teamsUserId } : {}), ...(displayName ? { displayName } : {}) };
      await db.person.upsert({ where: { aadObjectId }, create: { aadObjectId, ...known }, update: known });
    },
    async rolesOf(aadObjectId) {
      return [...new Set((await db.personRole.findMany({ where: { aadObjectId }, select: { role: true } })).map((r) => r.role))];
    },
    async grant(aadObjectId, holding, by, at) {
      const key = { aadObjectId, role: holding.role, bcu: bcuColumn(holding) };
      if (await db.personRole.findUnique({ where: { aadObjectId_role_bcu: key } })) return false;
      await db.person.upsert({ where: { aadObjectId }, create: { aadObjectId }, update: {} });
      await db.personRole.create({ data: { ...key, grantedBy: by, grantedAt: at } });
      return true;
    },
    async revoke(aadObjectId, holding) {
      return (await db.personRole.deleteMany({ where: { aadObjectId, role: holding.role, bcu: bcuColumn(holding) } })).count > 0;
    },
    async withRole(role) {
      const rows = await db.person.findMany({ where: { roles: { some: { role } } }, include: { roles: true }, orderBy: { displayName: "asc" } });
      return rows.map(toPerson);
    },
    async teamsIdsOf(roles, people, bcu) {
      const inScope = bcu === undefined ? {} : { bcu: { in: [FORCE_WIDE, bcu] } };
      const rows = await db.person.findMany({
        where: { OR: [{ roles: { some: { role: { in: [...roles] }, ...inScope } } }, { aadObjectId: { in: [...people] } }], teamsUserId: { not: null } },
        select: { aadObjectId: true, teamsUserId: true },
      });
      // The people named come first: a card's refresh list is capped, and the claimant must stay on it.
      const named = new Set(people);
      return rows.sort((a, b) => Number(named.has(b.aadObjectId)) - Number(named.has(a.aadObjectId))).map((r) => r.teamsUserId!);
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
