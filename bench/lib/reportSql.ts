import Database from "better-sqlite3";
import pg from "pg";
import type { Provider } from "./databases.js";

/**
 * The baselines of benchmark 2: one SQL statement per report that counts, in the database, the cells the report's
 * figures are made of. They are the least work a report over these rows can do; the application's reports instead load
 * every row into JavaScript and count there. Values are inlined (they are ours: dates, numbers, validated codes).
 */

const count = (condition: string) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
const list = (codes: readonly string[]) => codes.map((c) => `'${c.trim().toUpperCase().replace(/'/g, "")}'`).join(", ");

function dialect(provider: Provider) {
  return provider === "sqlite"
    ? {
        at: (d: Date) => `'${d.toISOString().replace("Z", "+00:00")}'`,
        /** `a` no later than `b` plus `days` days. */
        withinDays: (a: string, b: string, days: number) => `julianday(${a}) <= julianday(${b}) + ${days}`,
        /** `a` earlier than `b` plus `days` days. */
        beforeDays: (a: string, b: string, days: number) => `julianday(${a}) < julianday(${b}) + ${days}`,
        isTrue: (column: string) => `${column} = 1`,
        notTrue: (column: string) => `${column} = 0`,
      }
    : {
        at: (d: Date) => `TIMESTAMP '${d.toISOString().replace("T", " ").replace("Z", "")}'`,
        withinDays: (a: string, b: string, days: number) => `${a} <= ${b} + INTERVAL '${days} days'`,
        beforeDays: (a: string, b: string, days: number) => `${a} < ${b} + INTERVAL '${days} days'`,
        isTrue: (column: string) => column,
        notTrue: (column: string) => `NOT ${column}`,
      };
}

export interface TrialCellsInput {
  now: Date;
  followUpDays: number;
  sets: { attrition: readonly string[]; charge: readonly string[]; positive: readonly string[] };
  from?: Date;
  to?: Date;
}

/**
 * /stats: per arm, method and ward — allocated, excluded, delivered, why not delivered, outcome known / in follow-up /
 * censored, and events of each outcome set among the known; then, UNION ALL, the cases assessed per ward: in those
 * rows (kind 'assessed') `n` is the cases received, `attrition` the ineligible and `charge` the eligible not allocated.
 */
export function trialCellsSql(provider: Provider, input: TrialCellsInput): string {
  const d = dialect(provider);
  const period = (column: string) =>
    [input.from && `${column} >= ${d.at(input.from)}`, input.to && `${column} < ${d.at(input.to)}`].filter(Boolean).join(" AND ") || "1 = 1";
  const notDelivered = `COALESCE(rstatus, '') <> 'completed' AND excluded = 0`;
  return `
WITH t AS (
  SELECT a."arm" AS arm, a."method" AS method, c."wardCode" AS ward,
    CASE WHEN x."caseId" IS NULL THEN 0 ELSE 1 END AS excluded,
    CAST(r."status" AS TEXT) AS rstatus,
    CASE WHEN o."code" IS NOT NULL AND ${d.withinDays(`o."outcomeDate"`, `a."allocatedAt"`, input.followUpDays)} THEN UPPER(TRIM(o."code")) END AS code,
    CASE WHEN ${d.beforeDays(d.at(input.now), `a."allocatedAt"`, input.followUpDays)} THEN 1 ELSE 0 END AS window_open
  FROM "Allocation" a
  JOIN "Case" c ON c."id" = a."caseId"
  LEFT JOIN "Exclusion" x ON x."caseId" = a."caseId"
  LEFT JOIN "Referral" r ON r."caseId" = a."caseId"
  LEFT JOIN "Outcome" o ON o."caseId" = a."caseId"
  WHERE ${period(`a."allocatedAt"`)}
)
SELECT 'trial' AS kind, CAST(arm AS TEXT) AS arm, CAST(method AS TEXT) AS method, ward, COUNT(*) AS n,
  SUM(excluded) AS excluded,
  ${count(`rstatus = 'completed'`)} AS delivered,
  ${count(`${notDelivered} AND rstatus = 'unable_to_contact'`)} AS unable,
  ${count(`${notDelivered} AND rstatus = 'claimed'`)} AS still_open,
  ${count(`${notDelivered} AND rstatus = 'expired'`)} AS expired,
  ${count(`${notDelivered} AND (rstatus IS NULL OR rstatus IN ('to_post', 'posted'))`)} AS unclaimed,
  ${count(`code IS NOT NULL`)} AS analysed,
  ${count(`code IS NULL AND window_open = 1`)} AS in_follow_up,
  ${count(`code IS NULL AND window_open = 0`)} AS censored,
  ${count(`code IN (${list(input.sets.attrition)})`)} AS attrition,
  ${count(`code IN (${list(input.sets.charge)})`)} AS charge,
  ${count(`code IN (${list(input.sets.positive)})`)} AS positive,
  ${count(`code IS NOT NULL AND rstatus = 'completed'`)} AS analysed_delivered,
  ${count(`code IN (${list(input.sets.attrition)}) AND rstatus = 'completed'`)} AS attrition_delivered
FROM t GROUP BY arm, method, ward
UNION ALL
SELECT 'assessed', NULL, NULL, c."wardCode", COUNT(*),
  0, 0, 0, 0, 0, 0, 0, 0, 0,
  ${count(d.notTrue(`c."eligible"`))},
  ${count(`${d.isTrue(`c."eligible"`)} AND a."id" IS NULL`)},
  0, 0, 0
FROM "Case" c LEFT JOIN "Allocation" a ON a."caseId" = c."id"
WHERE ${period(`c."importedAt"`)}
GROUP BY c."wardCode"`;
}

/** /status: per ward and per officer — referred, claimed, delivered, unable, expired, open, unclaimed, overdue. */
export function statusCellsSql(provider: Provider, input: { now: Date; from: Date; to: Date }): string {
  const d = dialect(provider);
  const open = `status IN ('to_post', 'posted', 'claimed')`;
  const cells = `COUNT(*) AS referred, ${count(`claimed_at IS NOT NULL`)} AS claimed, ${count(`status = 'completed'`)} AS delivered,
  ${count(`status = 'unable_to_contact'`)} AS unable, ${count(`status = 'expired'`)} AS expired, ${count(open)} AS open,
  ${count(`${open} AND claimed_by IS NULL`)} AS unclaimed, ${count(`${open} AND ${d.beforeDays("contact_due_at", d.at(input.now), 0)}`)} AS overdue`;
  return `
WITH f AS (
  SELECT r."wardCode" AS ward, CAST(r."status" AS TEXT) AS status, r."claimedBy" AS claimed_by, r."claimedAt" AS claimed_at, r."contactDueAt" AS contact_due_at
  FROM "Referral" r
  WHERE r."createdAt" >= ${d.at(input.from)} AND r."createdAt" < ${d.at(input.to)}
)
SELECT 'ward' AS kind, ward AS key, ${cells} FROM f GROUP BY ward
UNION ALL
SELECT 'officer', claimed_by, ${cells} FROM f WHERE claimed_by IS NOT NULL GROUP BY claimed_by`;
}

export interface SqlRunner {
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** Straight through the driver, as the direct-write baseline: no ORM. */
export async function sqlRunner(provider: Provider, url: string): Promise<SqlRunner> {
  if (provider === "sqlite") {
    const db = new Database(url.replace(/^file:/, ""), { readonly: true });
    return { query: async (sql) => db.prepare(sql).all() as Record<string, unknown>[], close: async () => void db.close() };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return { query: async (sql) => (await client.query(sql)).rows as Record<string, unknown>[], close: () => client.end() };
}

/** Sums a numeric column over the rows that match. */
export function total(rows: readonly Record<string, unknown>[], column: string, where: (row: Record<string, unknown>) => boolean = () => true): number {
  return rows.filter(where).reduce((sum, row) => sum + Number(row[column] ?? 0), 0);
}
