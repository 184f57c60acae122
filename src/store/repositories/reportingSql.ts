import type { Provider } from "../prismaClient.js";

/**
 * The reports' SQL, one statement per thing counted, for both databases. SQLite stores instants as ISO text with
 * "+00:00" (compared as text, moved with strftime) and has no time zones; PostgreSQL stores timestamp(3) holding UTC.
 * Values travel as parameters; the few numbers written into the text (follow-up days, minutes of the day) are checked
 * integers.
 */

export interface Statement {
  text: string;
  values: unknown[];
}

interface Dialect {
  /** A placeholder for a value (see `finish`). */
  param(values: unknown[], value: unknown): string;
  /** A placeholder for an instant, comparable with the instant columns. */
  instant(values: unknown[], at: Date): string;
  /** The instant column `column` plus whole days. */
  plusDays(column: string, days: number): string;
  /** "yyyy-mm-dd" of an instant column, in UTC. */
  utcDay(column: string): string;
  /** Minutes since UTC midnight of an instant column. */
  utcMinute(column: string): string;
  /** An enum column as text. */
  text(column: string): string;
  /** A count as a JavaScript number (PostgreSQL's are bigint). */
  count(expression: string): string;
  /** A boolean column as 0 or 1. */
  flag(column: string): string;
  /** An instant column as whole milliseconds since 1970, in text. */
  epochMillis(column: string): string;
  /** The group's non-null texts joined with ","; null when there are none. */
  joined(expression: string): string;
  /** The group's distinct values of a text column joined with ",". */
  joinedDistinct(column: string): string;
  /** An instant column as fixed-width text that sorts as the instants do; '' for null (before any instant). */
  sortableInstant(column: string): string;
  /** An id as fixed-width text that sorts in reverse: the smaller id is the greater text. */
  reverseId(column: string): string;
  /** The greatest of the group's texts, compared byte by byte. */
  greatest(expression: string): string;
}

/** Marks where a value goes; `finish` turns marks into the driver's placeholders. */
const mark = (values: unknown[], value: unknown) => `\u0000${values.push(value) - 1}\u0000`;
const MARK = /\u0000(\d+)\u0000/g;

const sqlite: Dialect = {
  param: mark,
  instant: (values, at) => mark(values, at.toISOString().replace("Z", "+00:00")),
  plusDays: (column, days) => `strftime('%Y-%m-%dT%H:%M:%f+00:00', ${column}, '+${whole(days)} days')`,
  utcDay: (column) => `substr(${column}, 1, 10)`,
  utcMinute: (column) => `(CAST(substr(${column}, 12, 2) AS INTEGER) * 60 + CAST(substr(${column}, 15, 2) AS INTEGER))`,
  text: (column) => column,
  count: (expression) => expression,
  flag: (column) => column,
  // julianday is exact to the millisecond inside SQLite; the double it returns is exact to well under one.
  epochMillis: (column) => `CAST(CAST(ROUND((julianday(${column}) - 2440587.5) * 86400000) AS INTEGER) AS TEXT)`,
  joined: (expression) => `group_concat(${expression}, ',')`,
  joinedDistinct: (column) => `group_concat(DISTINCT ${column})`,
  sortableInstant: (column) => `COALESCE(${column}, '')`,
  reverseId: (column) => `printf('%012d', 999999999999 - ${column})`,
  greatest: (expression) => `MAX(${expression})`,
};

const postgresql: Dialect = {
  param: mark,
  instant: (values, at) => `CAST(${mark(values, at.toISOString().replace("T", " ").replace("Z", ""))} AS timestamp(3))`,
  plusDays: (column, days) => `(${column} + INTERVAL '${whole(days)} days')`,
  utcDay: (column) => `to_char(${column}, 'YYYY-MM-DD')`,
  utcMinute: (column) => `CAST(EXTRACT(HOUR FROM ${column}) * 60 + EXTRACT(MINUTE FROM ${column}) AS INTEGER)`,
  text: (column) => `CAST(${column} AS TEXT)`,
  count: (expression) => `CAST(${expression} AS INTEGER)`,
  flag: (column) => `CASE WHEN ${column} THEN 1 ELSE 0 END`,
  // date_part gives a double (EXTRACT's numeric is slower); rounding it to whole milliseconds is exact for any date.
  epochMillis: (column) => `CAST(CAST(date_part('epoch', ${column}) * 1000 AS BIGINT) AS TEXT)`,
  joined: (expression) => `string_agg(${expression}, ',')`,
  joinedDistinct: (column) => `string_agg(DISTINCT ${column}, ',')`,
  sortableInstant: (column) => `COALESCE(to_char(${column}, 'YYYY-MM-DD HH24:MI:SS.MS'), '')`,
  reverseId: (column) => `LPAD(CAST(999999999999 - ${column} AS TEXT), 12, '0')`,
  greatest: (expression) => `MAX(${expression} COLLATE "C")`,
};

export const dialectOf = (provider: Provider): Dialect => (provider === "sqlite" ? sqlite : postgresql);

/**
 * The statement with the driver's placeholders: PostgreSQL numbers them ($1), SQLite takes its "?" in the order they
 * appear in the text, which need not be the order the values were given in.
 */
function finish(provider: Provider, text: string, values: readonly unknown[]): Statement {
  if (provider === "postgresql") return { text: text.replace(MARK, (_, i: string) => `$${Number(i) + 1}`), values: [...values] };
  const ordered: unknown[] = [];
  return { text: text.replace(MARK, (_, i: string) => (ordered.push(values[Number(i)]), "?")), values: ordered };
}

function whole(n: number): number {
  if (!Number.isSafeInteger(n)) throw new RangeError(`expected a whole number, got ${n}`);
  return n;
}

function list(d: Dialect, values: unknown[], items: readonly unknown[]): string {
  // `IN ()` is not SQL; an empty list matches nothing.
  return items.length === 0 ? "(NULL)" : `(${items.map((item) => d.param(values, item)).join(", ")})`;
}

function between(d: Dialect, values: unknown[], column: string, from: Date | undefined, to: Date | undefined): string {
  return [from && `${column} >= ${d.instant(values, from)}`, to && `${column} < ${d.instant(values, to)}`].filter(Boolean).join(" AND ") || "1 = 1";
}

export interface AllocatedCellsInput {
  from: Date | undefined;
  to: Date | undefined;
  wardCodes: readonly string[] | undefined;
  followUpDays: number;
  /** Allocated after this, a case without an outcome is still in its follow-up window. */
  windowOpenAfter: Date;
  attritionCodes: readonly string[];
  dayStartMinutes: readonly number[];
}

/**
 * The allocated cases of a period, counted four ways in one pass over the joined rows (materialised once, with the
 * derived columns: a second materialised copy cost PostgreSQL a fifth of the time): 'flow' rows by method, arm,
 * exclusion, referral state, follow-up state and outcome code; then, for randomised cases, by
 * arm and 'ward', 'strands' or 'time' (a UTC day split at the minutes a local day can start), with delivered,
 * analysed and attrition summed. Columns: kind, method, arm, excluded, rstatus, follow, code, key, cases, delivered,
 * analysed, attrition.
 */
export function allocatedCellsSql(provider: Provider, input: AllocatedCellsInput): Statement {
  const d = dialectOf(provider);
  const values: unknown[] = [];
  const where = [between(d, values, `a."allocatedAt"`, input.from, input.to)];
  if (input.wardCodes) where.push(`c."wardCode" IN ${list(d, values, input.wardCodes)}`);
  const windowOpenAfter = d.instant(values, input.windowOpenAfter);
  const attrition = list(d, values, input.attritionCodes);
  const splits = [...input.dayStartMinutes].map(whole).filter((m) => m > 0).sort((a, b) => b - a);
  const dayStart = splits.length === 0 ? "0" : `CASE ${splits.map((m) => `WHEN minute >= ${m} THEN ${m}`).join(" ")} ELSE 0 END`;
  const groups = (kind: string, key: string, filter: string) =>
    `SELECT '${kind}', NULL, arm, 0, NULL, NULL, NULL, ${key}, ${d.count("COUNT(*)")}, ${d.count("SUM(delivered)")}, ${d.count("SUM(analysed)")}, ${d.count("SUM(attrition)")}
FROM t WHERE method = 'randomised'${filter} GROUP BY ${key}, arm`;
  const text = `
WITH t AS MATERIALIZED (
  SELECT method, arm, ward, strands, excluded, rstatus, code,
    CASE WHEN code IS NOT NULL THEN 'known' WHEN window_open = 1 THEN 'inFollowUp' ELSE 'censored' END AS follow,
    CASE WHEN rstatus = 'completed' THEN 1 ELSE 0 END AS delivered,
    CASE WHEN code IS NOT NULL THEN 1 ELSE 0 END AS analysed,
    CASE WHEN code IN ${attrition} THEN 1 ELSE 0 END AS attrition,
    day || ' ' || ${dayStart} AS bucket
  FROM (
  SELECT ${d.text(`a."method"`)} AS method, ${d.text(`a."arm"`)} AS arm, c."wardCode" AS ward,
    CASE WHEN c."strands" = '' THEN NULL ELSE c."strands" END AS strands,
    CASE WHEN x."caseId" IS NULL THEN 0 ELSE 1 END AS excluded,
    ${d.text(`r."status"`)} AS rstatus,
    CASE WHEN o."code" IS NOT NULL AND o."outcomeDate" <= ${d.plusDays(`a."allocatedAt"`, input.followUpDays)} THEN UPPER(TRIM(o."code")) END AS code,
    CASE WHEN a."allocatedAt" > ${windowOpenAfter} THEN 1 ELSE 0 END AS window_open,
    ${d.utcDay(`a."allocatedAt"`)} AS day, ${d.utcMinute(`a."allocatedAt"`)} AS minute
  FROM "Allocation" a
  JOIN "Case" c ON c."id" = a."caseId"
  LEFT JOIN "Exclusion" x ON x."caseId" = a."caseId"
  LEFT JOIN "Referral" r ON r."caseId" = a."caseId"
  LEFT JOIN "Outcome" o ON o."caseId" = a."caseId"
  WHERE ${where.join(" AND ")}
  ) j
)
SELECT 'flow' AS kind, method, arm, excluded, rstatus, follow, code, NULL AS key, ${d.count("COUNT(*)")} AS cases, 0 AS delivered, 0 AS analysed, 0 AS attrition
FROM t GROUP BY method, arm, excluded, rstatus, follow, code
UNION ALL
${groups("ward", "ward", "")}
UNION ALL
${groups("strands", "strands", " AND strands IS NOT NULL")}
UNION ALL
${groups("time", "bucket", "")}`;
  return finish(provider, text, values);
}

/**
 * The cases received in a period by eligibility, reason and whether they were allocated; every HCOP exclusion
 * ("excluded: …", free text about one case) under the one reason "excluded:". Columns: eligible, reason, allocated, cases.
 */
export function assessedCellsSql(provider: Provider, input: { from: Date | undefined; to: Date | undefined; wardCodes: readonly string[] | undefined }): Statement {
  const d = dialectOf(provider);
  const values: unknown[] = [];
  const where = [between(d, values, `c."importedAt"`, input.from, input.to)];
  if (input.wardCodes) where.push(`c."wardCode" IN ${list(d, values, input.wardCodes)}`);
  const text = `
SELECT ${d.flag(`c."eligible"`)} AS eligible,
  CASE WHEN substr(c."ineligibleReason", 1, 9) = 'excluded:' THEN 'excluded:' ELSE c."ineligibleReason" END AS reason,
  CASE WHEN a."id" IS NULL THEN 0 ELSE 1 END AS allocated, ${d.count("COUNT(*)")} AS cases
FROM "Case" c LEFT JOIN "Allocation" a ON a."caseId" = c."id"
WHERE ${where.join(" AND ")}
GROUP BY 1, 2, 3`;
  return finish(provider, text, values);
}

export interface ReferralFactsInput {
  from: Date | undefined;
  to: Date | undefined;
  wardCodes: readonly string[] | undefined;
  statuses: readonly string[] | undefined;
}

/**
 * Referrals referred in a period, one row each with only what compliance reporting reads: the case's reference, the
 * ward's name, the contact time and the number of attempts joined in the database rather than loaded as relations.
 */
export function referralFactsSql(provider: Provider, input: ReferralFactsInput): Statement {
  const d = dialectOf(provider);
  const values: unknown[] = [];
  const where = [between(d, values, `r."createdAt"`, input.from, input.to)];
  if (input.wardCodes) where.push(`r."wardCode" IN ${list(d, values, input.wardCodes)}`);
  if (input.statuses) where.push(`${d.text(`r."status"`)} IN ${list(d, values, input.statuses)}`);
  const text = `
SELECT r."id" AS "referralId", c."crimeRef" AS "crimeRef", r."wardCode" AS "wardCode", w."name" AS "wardName", w."borough" AS "borough",
  ${d.text(`r."status"`)} AS "status", r."createdAt" AS "referredAt", r."claimDueAt" AS "claimDueAt", r."contactDueAt" AS "contactDueAt",
  r."claimedBy" AS "claimedBy", r."claimedByName" AS "claimedByName", r."claimedAt" AS "claimedAt", r."closedAt" AS "closedAt",
  k."contactAt" AS "contactAt", ${d.count(`(SELECT COUNT(*) FROM "ContactAttempt" t WHERE t."referralId" = r."id")`)} AS "attempts"
FROM "Referral" r
JOIN "Case" c ON c."id" = r."caseId"
JOIN "Ward" w ON w."code" = c."wardCode"
LEFT JOIN "Contact" k ON k."referralId" = r."id"
WHERE ${where.join(" AND ")}
ORDER BY r."id"`;
  return finish(provider, text, values);
}

export interface ReferralCellsInput {
  from: Date;
  to: Date;
  wardCodes: readonly string[];
  now: Date;
  openStatuses: readonly string[];
}

function referralFilter(d: Dialect, values: unknown[], input: { from: Date; to: Date }, wardCodes: readonly string[]): string {
  return `${between(d, values, `r."createdAt"`, input.from, input.to)} AND r."wardCode" IN ${list(d, values, wardCodes)}`;
}

/**
 * /status per ward and per officer, in one pass over the period's referrals (materialised once). 'ward' rows: referred,
 * claimed, delivered, unable, expired, open, unclaimed and overdue as at `now`, and the times the working-time medians
 * need as "referred,claimed,…" and "referred,contacted,…" in milliseconds (one text per ward rather than a row per
 * referral). 'officer' rows, over the referrals of the officer wards each holds or closed: claimed (in `referred`),
 * delivered, unable, open, overdue, the wards, and the name on their latest named claim (an earlier referral first on
 * a tie) as the greatest "claimed at|reversed id|name". Columns: kind, key, referred, claimed, delivered, unable,
 * expired, open, unclaimed, overdue, claim_spans, contact_spans, latest_name, wards.
 */
export function referralCellsSql(provider: Provider, input: ReferralCellsInput & { officerWardCodes: readonly string[] }): Statement {
  const d = dialectOf(provider);
  const values: unknown[] = [];
  const status = d.text(`r."status"`);
  const open = `${status} IN ${list(d, values, input.openStatuses)}`;
  const flag = (condition: string) => `CASE WHEN ${condition} THEN 1 ELSE 0 END`;
  const sum = (column: string) => d.count(`SUM(${column})`);
  const text = `
WITH f AS MATERIALIZED (
  SELECT r."wardCode" AS ward, r."claimedBy" AS officer,
    ${flag(`r."claimedAt" IS NOT NULL`)} AS claimed, ${flag(`${status} = 'completed'`)} AS delivered,
    ${flag(`${status} = 'unable_to_contact'`)} AS unable, ${flag(`${status} = 'expired'`)} AS expired, ${flag(open)} AS open,
    ${flag(`${open} AND r."claimedBy" IS NULL`)} AS unclaimed, ${flag(`${open} AND r."contactDueAt" < ${d.instant(values, input.now)}`)} AS overdue,
    CASE WHEN r."claimedAt" IS NOT NULL THEN ${d.epochMillis(`r."createdAt"`)} || ',' || ${d.epochMillis(`r."claimedAt"`)} END AS claim_span,
    CASE WHEN ${status} = 'completed' AND k."contactAt" IS NOT NULL THEN ${d.epochMillis(`r."createdAt"`)} || ',' || ${d.epochMillis(`k."contactAt"`)} END AS contact_span,
    ${flag(`r."claimedBy" IS NOT NULL AND r."wardCode" IN ${list(d, values, input.officerWardCodes)}`)} AS officer_ward,
    CASE WHEN r."claimedByName" <> '' THEN ${d.sortableInstant(`r."claimedAt"`)} || '|' || ${d.reverseId(`r."id"`)} || '|' || r."claimedByName" END AS name_key
  FROM "Referral" r
  LEFT JOIN "Contact" k ON k."referralId" = r."id"
  WHERE ${referralFilter(d, values, input, input.wardCodes)}
)
SELECT 'ward' AS kind, ward AS key, ${d.count("COUNT(*)")} AS referred, ${sum("claimed")} AS claimed, ${sum("delivered")} AS delivered,
  ${sum("unable")} AS unable, ${sum("expired")} AS expired, ${sum("open")} AS open, ${sum("unclaimed")} AS unclaimed, ${sum("overdue")} AS overdue,
  ${d.joined("claim_span")} AS claim_spans, ${d.joined("contact_span")} AS contact_spans, NULL AS latest_name, NULL AS wards
FROM f GROUP BY ward
UNION ALL
SELECT 'officer', officer, ${d.count("COUNT(*)")}, 0, ${sum("delivered")}, ${sum("unable")}, 0, ${sum("open")}, 0, ${sum("overdue")},
  NULL, NULL, ${d.greatest("name_key")}, ${d.joinedDistinct("ward")}
FROM f WHERE officer_ward = 1 GROUP BY officer`;
  return finish(provider, text, values);
}

/** The open referrals of a period past their contact due time at `now`, in referral order. */
export function overdueReferralsSql(provider: Provider, input: ReferralCellsInput): Statement {
  const d = dialectOf(provider);
  const values: unknown[] = [];
  const where = referralFilter(d, values, input, input.wardCodes);
  const text = `
SELECT c."crimeRef" AS "crimeRef", r."wardCode" AS "wardCode", r."contactDueAt" AS "contactDueAt", r."claimedBy" AS "claimedBy", r."claimedByName" AS "claimedByName"
FROM "Referral" r
JOIN "Case" c ON c."id" = r."caseId"
WHERE ${where} AND ${d.text(`r."status"`)} IN ${list(d, values, input.openStatuses)} AND r."contactDueAt" < ${d.instant(values, input.now)}
ORDER BY r."id"`;
  return finish(provider, text, values);
}
