import type { CardPlacement, ReferralRepository } from "../../domain/ports.js";
import type { Referral } from "../../domain/referrals/referral.js";
import type { DbTx } from "../prismaClient.js";
import { Prisma } from "../generated/sqlite/client.js";
import { chunked } from "../chunked.js";

const u = <T>(value: T | null): T | undefined => value ?? undefined;

/** One row of `loadReferrals`: the referral's columns, its crime reference and ward name, at most one attempt and the contact. */
type Row = {
  id: number;
  wardCode: string;
  status: Referral["status"];
  version: number;
  createdAt: Date;
  claimDueAt: Date;
  contactDueAt: Date;
  channelId: string | null;
  conversationId: string | null;
  activityId: string | null;
  serviceUrl: string | null;
  cardNonce: string | null;
  postedAt: Date | null;
  claimedBy: string | null;
  claimedByName: string | null;
  claimedAt: Date | null;
  closedAt: Date | null;
  lastChangedBy: string | null;
  lastChangedAt: Date | null;
  crimeRef: string;
  wardName: string;
  bcu: string;
  attemptId: number | null;
  attemptMethod: Referral["attempts"][number]["method"] | null;
  attemptedAt: Date | null;
  contactMethod: Referral["attempts"][number]["method"] | null;
  contactAt: Date | null;
  wantsStatement: boolean | number | null;
};

function toReferral(r: Row): Referral {
  return {
    id: r.id,
    crimeRef: r.crimeRef,
    wardCode: r.wardCode,
    wardName: r.wardName,
    bcu: r.bcu,
    status: r.status,
    version: r.version,
    createdAt: r.createdAt,
    claimDueAt: r.claimDueAt,
    contactDueAt: r.contactDueAt,
    postedAt: u(r.postedAt),
    claimedBy: u(r.claimedBy),
    claimedByName: u(r.claimedByName),
    claimedAt: u(r.claimedAt),
    closedAt: u(r.closedAt),
    lastChangedBy: u(r.lastChangedBy),
    lastChangedAt: u(r.lastChangedAt),
    attempts: [],
    // SQLite has no boolean type: the driver gives 0 or 1.
    contact: r.contactMethod && r.contactAt ? { method: r.contactMethod, contactAt: r.contactAt, wantsStatement: Boolean(r.wantsStatement) } : undefined,
  };
}

/** The Teams side of the row, kept out of the domain's Referral. */
export function toPlacement(r: Pick<Row, "channelId" | "conversationId" | "activityId" | "serviceUrl" | "cardNonce">): CardPlacement | undefined {
  if (!r.channelId || !r.conversationId || !r.activityId || !r.serviceUrl) return undefined;
  return { channelId: r.channelId, conversationId: r.conversationId, activityId: r.activityId, serviceUrl: r.serviceUrl, ...(r.cardNonce ? { cardNonce: r.cardNonce } : {}) };
}

/**
 * Referrals with their case's crime reference, ward name, attempts and contact in ONE statement: Prisma's `include`
 * sends one query per relation (five per referral), and a click's latency is mostly Prisma's work per statement.
 * Attempts come one per row (a referral has a handful), in the order they were made; `order` sorts the referrals.
 */
async function loadReferrals(db: DbTx, where: Prisma.Sql, order: Prisma.Sql): Promise<{ referral: Referral; card: CardPlacement | undefined }[]> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT r."id", r."wardCode", r."status", r."version", r."createdAt", r."claimDueAt", r."contactDueAt", r."postedAt",
      r."channelId", r."conversationId", r."activityId", r."serviceUrl", r."cardNonce", r."claimedBy", r."claimedByName", r."claimedAt", r."closedAt", r."lastChangedBy", r."lastChangedAt", c."crimeRef", w."name" AS "wardName", w."bcuName" AS "bcu",
      a."id" AS "attemptId", a."method" AS "attemptMethod", a."attemptedAt",
      k."method" AS "contactMethod", k."contactAt", k."wantsStatement"
    FROM "Referral" r
    JOIN "Case" c ON c."id" = r."caseId"
    JOIN "Ward" w ON w."code" = c."wardCode"
    LEFT JOIN "ContactAttempt" a ON a."referralId" = r."id"
    LEFT JOIN "Contact" k ON k."referralId" = r."id"
    WHERE ${where}
    ORDER BY ${order}, r."id", a."attemptedAt", a."id"`;
  const byId = new Map<number, { referral: Referral; card: CardPlacement | undefined }>();
  for (const row of rows) {
    let loaded = byId.get(row.id);
    if (!loaded) byId.set(row.id, (loaded = { referral: toReferral(row), card: toPlacement(row) }));
    if (row.attemptId !== null && row.attemptMethod && row.attemptedAt) loaded.referral.attempts.push({ method: row.attemptMethod, attemptedAt: row.attemptedAt });
  }
  return [...byId.values()];
}

const nullable = <T extends object>(changes: T) =>
  Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v === undefined ? null : v])) as { [K in keyof T]: Exclude<T[K], undefined> | null };

export function referralRepository(db: DbTx): ReferralRepository {
  const getWithCard = async (id: number) => (await loadReferrals(db, Prisma.sql`r."id" = ${id}`, Prisma.sql`r."id"`))[0];
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
      return (await getWithCard(id))?.referral;
    },
    getWithCard,
    async updateIfVersion(id, version, changes, at) {
      const data = { ...nullable(changes), version: { increment: 1 }, updatedAt: at } as Parameters<DbTx["referral"]["updateMany"]>[0]["data"];
      const { count } = await db.referral.updateMany({ where: { id, version }, data });
      return count === 1;
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
      // The status is compared as text: PostgreSQL has no operator between its enum and a text parameter.
      return (await loadReferrals(db, Prisma.sql`r."claimedBy" = ${aadObjectId} AND CAST(r."status" AS TEXT) = ${"claimed"}`, Prisma.sql`r."contactDueAt"`)).map((l) => l.referral);
    },
    async waitingToPost(wardCode) {
      return (await db.referral.findMany({ where: { wardCode, status: "to_post" }, select: { id: true } })).map((r) => r.id);
    },
  };
}
