import type { ReferralRepository } from "../../domain/ports.js";
import type { Referral } from "../../domain/referrals/referral.js";
import type { DbTx } from "../prismaClient.js";
import { chunked } from "../chunked.js";

const include = {
  case: { select: { crimeRef: true, ward: { select: { name: true } } } },
  attempts: { select: { method: true, attemptedAt: true }, orderBy: { attemptedAt: "asc" } },
  contact: { select: { method: true, contactAt: true, wantsStatement: true } },
} as const;

const u = <T>(value: T | null): T | undefined => value ?? undefined;

type Row = Awaited<ReturnType<DbTx["referral"]["findFirstOrThrow"]>> & {
  case: { crimeRef: string; ward: { name: string } };
  attempts: Referral["attempts"];
  contact: { method: Referral["attempts"][number]["method"]; contactAt: Date; wantsStatement: boolean } | null;
};

function toReferral(r: Row): Referral {
  return {
    id: r.id,
    crimeRef: r.case.crimeRef,
    wardCode: r.wardCode,
    wardName: r.case.ward.name,
    status: r.status,
    version: r.version,
    createdAt: r.createdAt,
    claimDueAt: r.claimDueAt,
    contactDueAt: r.contactDueAt,
    channelId: u(r.channelId),
    conversationId: u(r.conversationId),
    activityId: u(r.activityId),
    serviceUrl: u(r.serviceUrl),
    postedAt: u(r.postedAt),
    claimedBy: u(r.claimedBy),
    claimedByName: u(r.claimedByName),
    claimedByTeamsId: u(r.claimedByTeamsId),
    claimedAt: u(r.claimedAt),
    closedAt: u(r.closedAt),
    lastChangedBy: u(r.lastChangedBy),
    lastChangedAt: u(r.lastChangedAt),
    attempts: r.attempts,
    contact: r.contact ?? undefined,
  };
}

const nullable = <T extends object>(changes: T) =>
  Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v === undefined ? null : v])) as { [K in keyof T]: Exclude<T[K], undefined> | null };

export function referralRepository(db: DbTx): ReferralRepository {
  return {
    async createToPost(referrals, at) {
      const ids: number[] = [];
      for (const chunk of chunked(referrals, 500)) {
        const rows = await db.referral.createManyAndReturn({
          data: chunk.map((r) => ({ caseId: r.caseId, wardCode: r.wardCode, claimDueAt: r.claimDueAt, contactDueAt: r.contactDueAt, status: "to_post" as const, createdAt: at, updatedAt: at })),
          select: { id: true, caseId: true },
        });
        const byCase = new Map(rows.map((row) => [row.caseId, row.id]));
        ids.push(...chunk.map((r) => byCase.get(r.caseId)!));
      }
      return ids;
    },
    async get(id) {
      const row = await db.referral.findUnique({ where: { id }, include });
      return row ? toReferral(row as Row) : undefined;
    },
    async updateIfVersion(id, version, changes, at) {
      const data = { ...nullable(changes), version: { increment: 1 }, updatedAt: at } as Parameters<DbTx["referral"]["updateMany"]>[0]["data"];
      const { count } = await db.referral.updateMany({ where: { id, version }, data });
      return count === 1;
    },
    async markPosted(id, placement, at) {
      // No version bump: the posted card was rendered as "posted" at this version, so its first click is current.
      await db.referral.update({ where: { id }, data: { ...placement, status: "posted", postedAt: at, updatedAt: at } });
    },
    async addAttempt(id, attempt, by, at) {
      await db.contactAttempt.create({ data: { referralId: id, method: attempt.method, attemptedAt: attempt.attemptedAt, recordedBy: by, recordedAt: at } });
    },
    async saveContact(id, c, by, at) {
      await db.contact.create({
        data: {
          referralId: id,
          method: c.method,
          contactAt: c.contactAt,
          riskAssessment: c.riskAssessment,
          riskAssessmentReason: c.riskAssessmentReason ?? null,
          supportReferral: c.supportReferral,
          supportOrganisation: c.supportOrganisation ?? null,
          wantsStatement: c.wantsStatement,
          notes: c.notes ?? null,
          recordedBy: by,
          recordedAt: at,
        },
      });
    },
    async openClaimsOf(aadObjectId) {
      const rows = await db.referral.findMany({ where: { claimedBy: aadObjectId, status: "claimed" }, include, orderBy: { contactDueAt: "asc" } });
      return rows.map((row) => toReferral(row as Row));
    },
    async waitingToPost(wardCode) {
      return (await db.referral.findMany({ where: { wardCode, status: "to_post" }, select: { id: true } })).map((r) => r.id);
    },
  };
}
