import type { ReportingRepository } from "../../domain/compliance/facts.js";
import type { DbTx } from "../prismaClient.js";

const u = <T>(value: T | null | undefined): T | undefined => value ?? undefined;
const range = (from?: Date, to?: Date) => (from || to ? { ...(from && { gte: from }), ...(to && { lt: to }) } : undefined);

export function reportingRepository(db: DbTx): ReportingRepository {
  return {
    async referralFacts({ from, to, wardCodes, statuses }) {
      const rows = await db.referral.findMany({
        where: { ...(range(from, to) && { createdAt: range(from, to) }), ...(wardCodes && { wardCode: { in: [...wardCodes] } }), ...(statuses && { status: { in: [...statuses] } }) },
        select: {
          id: true, wardCode: true, status: true, createdAt: true, claimDueAt: true, contactDueAt: true, claimedBy: true, claimedByName: true, claimedAt: true, closedAt: true,
          case: { select: { crimeRef: true, ward: { select: { name: true, borough: true } } } },
          contact: { select: { contactAt: true } },
          _count: { select: { attempts: true } },
        },
        orderBy: { id: "asc" },
      });
      return rows.map((r) => ({
        referralId: r.id,
        crimeRef: r.case.crimeRef,
        wardCode: r.wardCode,
        wardName: r.case.ward.name,
        borough: r.case.ward.borough,
        status: r.status,
        referredAt: r.createdAt,
        claimDueAt: r.claimDueAt,
        contactDueAt: r.contactDueAt,
        claimedBy: u(r.claimedBy),
        claimedByName: u(r.claimedByName),
        claimedAt: u(r.claimedAt),
        closedAt: u(r.closedAt),
        contactAt: u(r.contact?.contactAt),
        attempts: r._count.attempts,
      }));
    },
    async trialFacts({ allocatedFrom, allocatedTo, wardCodes }) {
      const rows = await db.allocation.findMany({
        where: { ...(range(allocatedFrom, allocatedTo) && { allocatedAt: range(allocatedFrom, allocatedTo) }), ...(wardCodes && { case: { wardCode: { in: [...wardCodes] } } }) },
        select: {
          caseId: true, arm: true, method: true, allocatedAt: true, stratum: true,
          case: {
            select: {
              crimeRef: true, wardCode: true, strands: true, ward: { select: { borough: true } },
              exclusion: { select: { reason: true } },
              referral: { select: { status: true, contact: { select: { method: true, contactAt: true } } } },
              outcome: { select: { code: true, outcomeDate: true } },
            },
          },
        },
        orderBy: { id: "asc" },
      });
      return rows.map((r) => ({
        caseId: r.caseId,
        crimeRef: r.case.crimeRef,
        wardCode: r.case.wardCode,
        borough: r.case.ward.borough,
        arm: r.arm,
        method: r.method,
        allocatedAt: r.allocatedAt,
        stratum: u(r.stratum),
        excludedReason: u(r.case.exclusion?.reason),
        referralStatus: u(r.case.referral?.status),
        delivered: r.case.referral?.status === "completed",
        contactMethod: u(r.case.referral?.contact?.method),
        contactAt: u(r.case.referral?.contact?.contactAt),
        outcomeCode: u(r.case.outcome?.code),
        outcomeDate: u(r.case.outcome?.outcomeDate),
        strands: r.case.strands ? r.case.strands.split(";") : undefined,
      }));
    },
    async assessedFacts({ reportedFrom, reportedTo, importedFrom, importedTo, wardCodes }) {
      const rows = await db.case.findMany({
        where: {
          ...(range(reportedFrom, reportedTo) && { reportedAt: range(reportedFrom, reportedTo) }),
          ...(range(importedFrom, importedTo) && { importedAt: range(importedFrom, importedTo) }), ...(wardCodes && { wardCode: { in: [...wardCodes] } }) },
        select: { id: true, reportedAt: true, importedAt: true, wardCode: true, eligible: true, ineligibleReason: true, allocation: { select: { id: true } } },
        orderBy: { id: "asc" },
      });
      return rows.map((r) => ({ caseId: r.id, reportedAt: r.reportedAt, importedAt: r.importedAt, wardCode: r.wardCode, eligible: r.eligible, ineligibleReason: u(r.ineligibleReason), allocated: r.allocation !== null }));
    },
  };
}
