import type { CaseRepository } from "../../domain/ports.js";
import type { CaseInput, PendingCase, StoredCase } from "../../domain/cases/case.js";
import type { DbTx } from "../prismaClient.js";
import { Prisma } from "../generated/sqlite/client.js";
import { BULK_ROWS, chunked } from "../chunked.js";

const joinStrands = (strands: string[] | undefined) => (strands && strands.length > 0 ? strands.join(";") : null);

function toRow(c: Partial<CaseInput>) {
  return {
    ...(c.crimeRef !== undefined && { crimeRef: c.crimeRef }),
    ...(c.reportedAt !== undefined && { reportedAt: c.reportedAt }),
    ...(c.wardCode !== undefined && { wardCode: c.wardCode }),
    ...(c.recordType !== undefined && { recordType: c.recordType }),
    ...(c.eligible !== undefined && { eligible: c.eligible }),
    ...("ineligibleReason" in c && { ineligibleReason: c.ineligibleReason ?? null }),
    ...("offence" in c && { offence: c.offence ?? null }),
    ...("strands" in c && { strands: joinStrands(c.strands) }),
  };
}

export function caseRepository(db: DbTx): CaseRepository {
  return {
    async findByRefs(crimeRefs) {
      const rows = await db.case.findMany({ where: { crimeRef: { in: [...crimeRefs] } }, include: { allocation: { select: { id: true } } } });
      return rows.map(
        (r): StoredCase => ({
          id: r.id,
          crimeRef: r.crimeRef,
          reportedAt: r.reportedAt,
          wardCode: r.wardCode,
          recordType: r.recordType,
          eligible: r.eligible,
          ineligibleReason: r.ineligibleReason ?? undefined,
          offence: r.offence ?? undefined,
          strands: r.strands ? r.strands.split(";") : undefined,
          importedAt: r.importedAt,
          allocated: r.allocation !== null,
        }),
      );
    },
    async createMany(cases, at) {
      // Raw multi-row INSERTs (see BULK_ROWS). The values are bound parameters, which the driver adapter stores exactly
      // as it stores createMany's (dates, booleans); the tests that read cases back run on both databases.
      for (const chunk of chunked(cases, BULK_ROWS)) {
        const rows = chunk.map(
          (c) =>
            Prisma.sql`(${c.crimeRef}, ${c.reportedAt}, ${c.wardCode}, ${c.recordType}, ${c.eligible}, ${c.ineligibleReason ?? null}, ${c.offence ?? null}, ${joinStrands(c.strands)}, ${at}, ${at})`,
        );
        await db.$executeRaw`INSERT INTO "Case" ("crimeRef", "reportedAt", "wardCode", "recordType", "eligible", "ineligibleReason", "offence", "strands", "importedAt", "updatedAt") VALUES ${Prisma.join(rows)}`;
      }
    },
    async update(id, changes, at) {
      await db.case.update({ where: { id }, data: { ...toRow(changes), updatedAt: at } });
    },
    async pending({ crimeRefs, limit, afterId, bcus }) {
      const rows = await db.case.findMany({
        // A purged case is closed for good: even if its ward is switched on years later, it is never allocated.
        where: {
          allocation: null,
          purgedAt: null,
          ...(crimeRefs ? { crimeRef: { in: [...crimeRefs] } } : { eligible: true }),
          ...(afterId !== undefined && { id: { gt: afterId } }),
          ...(bcus && { ward: { bcuName: { in: [...bcus] } } }),
        },
        include: { ward: { select: { borough: true, mode: true, enabled: true, claimHours: true, contactDays: true } } },
        orderBy: { id: "asc" },
        take: limit,
      });
      return rows.map(
        (r): PendingCase => ({
          id: r.id,
          crimeRef: r.crimeRef,
          wardCode: r.wardCode,
          borough: r.ward.borough,
          wardMode: r.ward.mode,
          wardEnabled: r.ward.enabled,
          wardClaimHours: r.ward.claimHours ?? undefined,
          wardContactDays: r.ward.contactDays ?? undefined,
          eligible: r.eligible,
          ineligibleReason: r.ineligibleReason ?? undefined,
        }),
      );
    },
    async unitsOf(crimeRefs) {
      const rows = await db.case.findMany({ where: { crimeRef: { in: [...crimeRefs] } }, select: { crimeRef: true, ward: { select: { bcuName: true } } } });
      return new Map(rows.map((r) => [r.crimeRef, r.ward.bcuName]));
    },
    async idsByRefs(crimeRefs) {
      const rows = await db.case.findMany({ where: { crimeRef: { in: [...crimeRefs] } }, select: { id: true, crimeRef: true } });
      return new Map(rows.map((r) => [r.crimeRef, r.id]));
    },
    async countIneligibleUnallocated() {
      return db.case.count({ where: { eligible: false, allocation: null } });
    },
  };
}
