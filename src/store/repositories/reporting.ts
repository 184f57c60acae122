import type { ReportingRepository } from "../../domain/compliance/reportingRepository.js";
import type { AssessedCell, FlowCell, FollowUpState, GroupCell } from "../../domain/trialStats/counts.js";
import { OPEN_STATUSES, type ReferralStatus } from "../../domain/referrals/referral.js";
import type { DbTx, Provider } from "../prismaClient.js";
import { allocatedCellsSql, assessedCellsSql, overdueReferralsSql, referralCellsSql, referralFactsSql, type Statement } from "./reportingSql.js";

const u = <T>(value: T | null | undefined): T | undefined => value ?? undefined;
const range = (from?: Date, to?: Date) => (from || to ? { ...(from && { gte: from }), ...(to && { lt: to }) } : undefined);
const DAY = 86_400_000;

type Row = Record<string, unknown>;

/** Raw rows carry instants as Date (PostgreSQL) or as the stored ISO text (SQLite, depending on the column). */
function instant(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === "string" || typeof value === "number") return new Date(value);
  throw new TypeError(`expected an instant, got ${typeof value}`);
}
const maybeInstant = (value: unknown): Date | undefined => (value === null || value === undefined ? undefined : instant(value));
const maybeText = (value: unknown): string | undefined => (value === null || value === undefined ? undefined : String(value));
/** "1,2,3" → [1, 2, 3]; null → []. */
const numbers = (value: unknown): number[] => (value === null || value === undefined || value === "" ? [] : String(value).split(",").map(Number));

export function reportingRepository(db: DbTx, provider: Provider): ReportingRepository {
  const query = ({ text, values }: Statement) => db.$queryRawUnsafe<Row[]>(text, ...values);
  return {
    async referralFacts({ from, to, wardCodes, statuses }) {
      const rows = await query(referralFactsSql(provider, { from, to, wardCodes, statuses }));
      return rows.map((r) => ({
        referralId: Number(r.referralId),
        crimeRef: String(r.crimeRef),
        wardCode: String(r.wardCode),
        wardName: String(r.wardName),
        borough: String(r.borough),
        status: r.status as ReferralStatus,
        referredAt: instant(r.referredAt),
        claimDueAt: instant(r.claimDueAt),
        contactDueAt: instant(r.contactDueAt),
        claimedBy: maybeText(r.claimedBy),
        claimedByName: maybeText(r.claimedByName),
        claimedAt: maybeInstant(r.claimedAt),
        closedAt: maybeInstant(r.closedAt),
        contactAt: maybeInstant(r.contactAt),
        attempts: Number(r.attempts),
      }));
    },
    async statusCounts({ from, to, wardCodes, officerWardCodes, now }) {
      const input = { from, to, now, wardCodes, openStatuses: OPEN_STATUSES };
      const cells = await query(referralCellsSql(provider, { ...input, officerWardCodes }));
      const overdue = await query(overdueReferralsSql(provider, input));
      return {
        wards: cells
          .filter((r) => r.kind === "ward")
          .map((r) => ({
            wardCode: String(r.key),
            referred: Number(r.referred),
            claimed: Number(r.claimed),
            delivered: Number(r.delivered),
            unableToContact: Number(r.unable),
            expired: Number(r.expired),
            open: Number(r.open),
            unclaimed: Number(r.unclaimed),
            overdue: Number(r.overdue),
            claimSpans: numbers(r.claim_spans),
            contactSpans: numbers(r.contact_spans),
          })),
        officers: cells
          .filter((r) => r.kind === "officer")
          .map((r) => ({
            officerId: String(r.key),
            name: latestName(r.latest_name),
            wardCodes: String(r.wards).split(","),
            claimed: Number(r.referred),
            delivered: Number(r.delivered),
            unableToContact: Number(r.unable),
            open: Number(r.open),
            overdue: Number(r.overdue),
          })),
        overdue: overdue.map((r) => ({
          crimeRef: String(r.crimeRef),
          wardCode: String(r.wardCode),
          contactDueAt: instant(r.contactDueAt),
          claimedBy: maybeText(r.claimedBy),
          claimedByName: maybeText(r.claimedByName),
        })),
      };
    },
    async trialCounts(q) {
      const allocated = await query(
        allocatedCellsSql(provider, {
          from: q.allocatedFrom,
          to: q.allocatedTo,
          wardCodes: q.wardCodes,
          followUpDays: q.followUpDays,
          windowOpenAfter: new Date(q.now.getTime() - q.followUpDays * DAY),
          attritionCodes: q.attritionCodes,
          dayStartMinutes: q.dayStartMinutes,
        }),
      );
      const assessed = await query(assessedCellsSql(provider, { from: q.importedFrom, to: q.importedTo, wardCodes: q.wardCodes }));
      const flow: FlowCell[] = [];
      const byWard: GroupCell<string>[] = [];
      const byStrands: GroupCell<string>[] = [];
      const byTime: GroupCell<Date>[] = [];
      for (const r of allocated) {
        const arm = r.arm as FlowCell["arm"];
        if (r.kind === "flow") {
          flow.push({
            method: r.method as FlowCell["method"],
            arm,
            excluded: Number(r.excluded) === 1,
            referralStatus: maybeText(r.rstatus) as ReferralStatus | undefined,
            followUp: r.follow as FollowUpState,
            outcomeCode: maybeText(r.code),
            cases: Number(r.cases),
          });
          continue;
        }
        const counts = { arm, cases: Number(r.cases), delivered: Number(r.delivered), analysed: Number(r.analysed), attrition: Number(r.attrition) };
        const key = String(r.key);
        if (r.kind === "ward") byWard.push({ key, ...counts });
        else if (r.kind === "strands") byStrands.push({ key, ...counts });
        else byTime.push({ key: bucketStart(key), ...counts });
      }
      return {
        assessed: assessed.map(
          (r): AssessedCell => ({ eligible: Number(r.eligible) === 1, ineligibleReason: maybeText(r.reason), allocated: Number(r.allocated) === 1, cases: Number(r.cases) }),
        ),
        flow,
        byWard,
        byStrands,
        byTime,
      };
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

/** The name from "claimed at|reversed id|name" (neither of the first two holds a "|"). */
function latestName(value: unknown): string | undefined {
  const key = maybeText(value);
  return key === undefined ? undefined : key.slice(key.indexOf("|", key.indexOf("|") + 1) + 1);
}

/** "yyyy-mm-dd m": a UTC day and the minute of it at which the stretch starts. */
function bucketStart(key: string): Date {
  const [day, minute] = key.split(" ");
  return new Date(Date.parse(`${day}T00:00:00Z`) + Number(minute) * 60_000);
}
