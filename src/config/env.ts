import { z } from "zod";
import { IANAZone } from "luxon";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const emptyAsUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().trim().optional());
const csvList = (item: z.ZodString, what: string) =>
  z.preprocess(
    (value) => (typeof value === "string" ? value.split(",").map((s) => s.trim()).filter(Boolean) : (value ?? [])),
    z.array(item, { message: `expected a comma-separated list of ${what}` }),
  );

/** Each variable, what it expects, and its default: the README's configuration table mirrors this. */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce
    .number({ message: "expected a port number" })
    .int("expected a whole number")
    .min(1, "expected a port between 1 and 65535")
    .max(65535, "expected a port between 1 and 65535")
    .default(3978),
  HOST: z.preprocess(emptyAsUndefined, z.string().ip({ message: "expected an IP address to listen on" }).optional()),
  DATABASE_URL: z
    .string()
    .trim()
    .default("file:./data/reassure.db")
    .refine((url) => /^(file:|postgres(ql)?:\/\/)/.test(url), "expected file:<path> (SQLite) or postgresql://… (PostgreSQL)"),
  DB_MIGRATE_ON_START: z
    .enum(["auto", "true", "false"], { message: "expected auto, true or false" })
    .default("auto"),
  BOT_ID: z.preprocess(emptyAsUndefined, z.string().regex(GUID, "expected the bot's Microsoft app id (a GUID)").optional()),
  BOT_PASSWORD: optionalString,
  BOT_TENANT_ID: z.preprocess(emptyAsUndefined, z.string().regex(GUID, "expected the Entra tenant id (a GUID)").optional()),
  BOT_APP_TYPE: z
    .enum(["SingleTenant", "MultiTenant", "UserAssignedMSI"], { message: "expected SingleTenant, MultiTenant or UserAssignedMSI" })
    .default("SingleTenant"),
  TIME_ZONE: z
    .string()
    .default("Europe/London")
    .refine((zone) => IANAZone.isValidZone(zone), "expected an IANA time zone such as Europe/London"),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `expected one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  BOOTSTRAP_ADMINS: csvList(z.string().regex(GUID, "expected Entra object ids (GUIDs)"), "Entra object ids (GUIDs)"),
  CRIME_REF_PATTERN: z
    .string()
    .default("^\\d{7}/\\d{2}$")
    .refine((pattern) => isRegExp(pattern), "expected a regular expression for crime references, e.g. ^\\d{7}/\\d{2}$"),
  STORE_STRANDS: z.enum(["true", "false"], { message: "expected true or false" }).default("false"),
  TRIAL_RATIO: z
    .string()
    .default("1:1")
    .refine((ratio) => /^[1-9]\d?:[1-9]\d?$/.test(ratio), "expected SRC:BAU as two whole numbers, e.g. 1:1 or 2:1"),
  // Empty: twice and three times the ratio's total (4 and 6 for 1:1).
  TRIAL_BLOCK_SIZES: csvList(z.string().regex(/^[1-9]\d?$/, "expected whole numbers"), "block sizes such as 4,6"),
  TRIAL_STRATIFY_BY: z.enum(["borough", "ward", "none"], { message: "expected borough, ward or none" }).default("borough"),
  INTAKE_API_KEY_HASHES: csvList(
    z.string().regex(/^[a-z0-9_-]{1,32}:sha256:[0-9a-f]{64}$/, "expected name:sha256:<64 hex digits> (make one with `reassure apikey new <name>`)"),
    "API key hashes",
  ),
  SLA_CLAIM_WORKING_HOURS: z.coerce.number({ message: "expected a number of working hours" }).positive("expected more than 0").max(200, "expected at most 200").default(8),
  SLA_CONTACT_WORKING_DAYS: z.coerce.number({ message: "expected a number of working days" }).int("expected whole days").min(1, "expected at least 1").max(30, "expected at most 30").default(3),
  WORKING_HOURS: z
    .string()
    .default("08:00-18:00")
    .refine((range) => /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/.test(range) && range.slice(0, 5) < range.slice(6), "expected opening-closing as HH:mm-HH:mm, e.g. 08:00-18:00"),
  EXTRA_CLOSURES: csvList(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected dates as yyyy-mm-dd"), "dates (yyyy-mm-dd)"),
  UNABLE_TO_CONTACT_ATTEMPTS: z.coerce.number({ message: "expected a number of attempts" }).int("expected a whole number").min(1, "expected at least 1").max(10, "expected at most 10").default(3),
  GUIDANCE_FILE: optionalString,
  REMINDER_INTERVAL_MINUTES: z.coerce.number({ message: "expected minutes" }).int("expected whole minutes").min(1, "expected at least 1").max(1440, "expected at most 1440").default(15),
  ESCALATE_AFTER_WORKING_HOURS: z.coerce.number({ message: "expected working hours" }).min(0, "expected 0 or more").max(200, "expected at most 200").default(8),
  REMINDER_CAP_PER_RUN: z.coerce.number({ message: "expected a number" }).int("expected a whole number").min(1, "expected at least 1").max(10000, "expected at most 10000").default(100),
  REMINDERS_DRY_RUN: z.enum(["true", "false"], { message: "expected true or false" }).default("false"),
  QUIET_HOURS: z
    .string()
    .default("20:00-08:00")
    .refine((range) => /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/.test(range), "expected from-to as HH:mm-HH:mm, e.g. 20:00-08:00"),
  DAILY_DIGEST_AT: z.string().default("07:30").refine((t) => /^([01]\d|2[0-3]):[0-5]\d$/.test(t), "expected a time HH:mm"),
  WEEKLY_DIGEST_AT: z
    .string()
    .default("Mon 08:00")
    .refine((t) => /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([01]\d|2[0-3]):[0-5]\d$/.test(t), "expected a weekday and time, e.g. Mon 08:00"),
  // How often each instance checks for due scheduled jobs (the database lease makes each slot run once anyway).
  JOB_TICK_SECONDS: z.coerce.number({ message: "expected a number of seconds" }).int("expected whole seconds").min(1, "expected at least 1").max(3600, "expected at most 3600").default(30),
  // How long a leased outbox item stays with its worker without a heartbeat. A live worker renews its leases every third
  // of this, so only a dead (or cut-off) worker's items are taken over, about this long after it stopped renewing.
  OUTBOX_LEASE_SECONDS: z.coerce.number({ message: "expected a number of seconds" }).int("expected whole seconds").min(3, "expected at least 3").max(3600, "expected at most 3600").default(30),
  // This instance's name in the outbox's leases; must differ between instances running at once on one database.
  // Empty: <host name>/<HOST>:<PORT> (see src/teams/outbox/workerIdentity.ts).
  INSTANCE_ID: z.preprocess(emptyAsUndefined, z.string().regex(/^[A-Za-z0-9._:@\/-]{1,100}$/, "expected up to 100 letters, digits and . _ : @ / -").optional()),
  // Microsoft Graph, asked after a crash whether a card whose post had no answer is in the channel (see docs/SECURITY.md).
  // Empty: https://graph.microsoft.com/v1.0 with a BOT_ID, no look-up in local mode; "off": never look.
  GRAPH_BASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .refine((url) => url === "off" || /^https?:\/\/[^\s]+$/.test(url), "expected the Graph API's base URL, such as https://graph.microsoft.com/v1.0, or off")
      .optional(),
  ),
  // GET /metrics with BOT_ID set: the scraper's bearer token, configured only as its hash (like the intake keys).
  METRICS_TOKEN_HASH: csvList(
    z.string().regex(/^[a-z0-9_-]{1,32}:sha256:[0-9a-f]{64}$/, "expected name:sha256:<64 hex digits> (make one with `reassure apikey new <name>`)"),
    "token hashes",
  ),
  INTAKE_AUTH_FAILURES_PER_MINUTE: z.coerce.number({ message: "expected failed attempts per minute" }).int("expected a whole number").min(1, "expected at least 1").max(10_000, "expected at most 10000").default(10),
  INTAKE_RATE_LIMIT_PER_MINUTE: z.coerce.number({ message: "expected requests per minute" }).int("expected a whole number").min(1, "expected at least 1").max(1_000_000, "expected at most 1000000").default(60),
  INTAKE_MAX_BODY_MB: z.coerce.number({ message: "expected a number of megabytes" }).positive("expected a positive number").max(200, "expected at most 200").default(20),
  // Home Office outcome codes; forces use local variants (e.g. 1A), so the sets are configuration, not code.
  OUTCOME_ATTRITION_CODES: outcomeCodes("14,16"),
  OUTCOME_CHARGE_CODES: outcomeCodes("1"),
  OUTCOME_POSITIVE_CODES: outcomeCodes("1,2,3,4,5,6,8,9,10,22"),
  // Force-specific outcome codes accepted besides the Home Office list (1, 1A, 2–18, 20, 21, 22).
  OUTCOME_LOCAL_CODES: csvList(z.string().regex(/^[0-9A-Za-z]{1,8}$/, "expected outcome codes such as 1B"), "outcome codes such as 1B,21X"),
  FOLLOW_UP_DAYS: z.coerce.number({ message: "expected a number of days" }).int("expected whole days").min(1, "expected at least 1").max(3650, "expected at most 3650").default(90),
  // The whole force's year, for the force-scale illustration (the pilot's force: 22,421 hate crimes, 6,839 withdrawals).
  FORCE_ANNUAL_HATE_CRIMES: z.coerce.number({ message: "expected a number of hate crimes a year" }).int("expected a whole number").min(1, "expected at least 1").default(22421),
  FORCE_ANNUAL_WITHDRAWALS: z.coerce.number({ message: "expected a number of withdrawals a year" }).int("expected a whole number").min(0, "expected 0 or more").default(6839),
  // Closed cases and events untouched this long are purged (cases pseudonymised, oldest events pruned); 2555 days ≈ 7 years.
  RETENTION_DAYS: z.coerce.number({ message: "expected a number of days" }).int("expected whole days").min(30, "expected at least 30").max(36500, "expected at most 36500").default(2555),
});

function outcomeCodes(defaults: string) {
  return z.preprocess(
    (value) => emptyAsUndefined(value) ?? defaults,
    csvList(z.string().regex(/^[0-9A-Za-z]{1,8}$/, "expected outcome codes such as 14 or 1A"), "outcome codes such as 14,16").refine((codes) => codes.length > 0, "expected at least one outcome code"),
  );
}

function graphBaseUrl(setting: string | undefined, localMode: boolean): string | undefined {
  if (setting === "off") return undefined;
  // Local mode has no credentials to ask the real Graph with.
  return (setting ?? (localMode ? undefined : "https://graph.microsoft.com/v1.0"))?.replace(/\/+$/, "");
}

/** `name:sha256:<hex>` entries as name → hex; a name used twice is a problem (which key was meant?). */
function keyHashes(variable: string, entries: readonly string[], problems: string[]): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const entry of entries) {
    const [name, , hash] = entry.split(":") as [string, string, string];
    if (hashes.has(name)) problems.push(`${variable}: the key name ${JSON.stringify(name)} is used twice`);
    hashes.set(name, hash);
  }
  return hashes;
}

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

export type Env = z.infer<typeof schema>;

/** Every variable Reassure reads (the README table and .env.example document each). */
export const ENV_KEYS: readonly string[] = Object.keys(schema.shape);

export interface Config {
  env: Env["NODE_ENV"];
  port: number;
  /** Address to listen on. Always loopback in local mode. */
  host: string;
  databaseUrl: string;
  migrateOnStart: boolean;
  /** Empty in local mode: Bot Framework authentication is then OFF. */
  bot: { appId: string; password: string | undefined; tenantId: string | undefined; appType: Env["BOT_APP_TYPE"] };
  localMode: boolean;
  timeZone: string;
  logLevel: Env["LOG_LEVEL"];
  bootstrapAdmins: readonly string[];
  intake: {
    crimeRefPattern: RegExp;
    storeStrands: boolean;
    /** name → SHA-256 hex of the key. Keys themselves are never configured or stored. */
    apiKeyHashes: ReadonlyMap<string, string>;
    maxBodyBytes: number;
    /** Requests per key per minute; more get 429. */
    ratePerMinute: number;
    /** Wrong or missing API keys allowed per client address per minute; more are answered 429 without a look. */
    authFailuresPerMinute: number;
  };
  trial: { ratio: { src: number; bau: number }; blockSizes: number[]; stratifyBy: Env["TRIAL_STRATIFY_BY"] };
  serviceLevels: { claimHours: number; contactDays: number };
  workingHours: { dayStart: string; dayEnd: string; extraClosures: string[] };
  unableToContact: { minAttempts: number; minDays: number };
  /** Officers' briefing shown by /guide and on every card; a file a force can edit, or the built-in text. */
  guidanceFile: string | undefined;
  /** Outcome code sets of the trial's measures, and how long after randomisation an outcome still counts. */
  outcomes: { attritionCodes: readonly string[]; chargeCodes: readonly string[]; positiveCodes: readonly string[]; localCodes: readonly string[]; followUpDays: number };
  /** The force's annual figures behind the force-scale illustration. */
  force: { annualHateCrimes: number; annualWithdrawals: number };
  reminders: {
    intervalMinutes: number;
    escalateAfterWorkingHours: number;
    capPerRun: number;
    dryRun: boolean;
    /** Nothing is sent from `from` to `to`, nor at weekends or on bank holidays. */
    quietHours: { from: string; to: string; weekends: true; bankHolidays: true };
  };
  digests: { dailyAt: string; weekly: { weekday: number; at: string } };
  /** How long closed cases and events are kept before the retention purge. */
  retention: { days: number };
  jobs: { tickMs: number };
  /** name → SHA-256 hex of a scraper's token for GET /metrics; empty: open in local mode, switched off otherwise. */
  metrics: { tokenHashes: ReadonlyMap<string, string> };
  /** `graphBaseUrl`: where to look for a card whose post got no answer; undefined: never look (see docs/SECURITY.md). */
  outbox: { leaseMs: number; graphBaseUrl: string | undefined; instanceId: string | undefined };
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const LOOPBACK = "127.0.0.1";

/** Validates the environment once at start-up; every problem is reported together, never one at a time. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        // Never echo a secret back, even a malformed one.
        const shown = name === "BOT_PASSWORD" ? "" : ` (got ${JSON.stringify(source[name] ?? "")})`;
        return `${name}: ${issue.message}${shown}`;
      }),
    );
  }
  const env = parsed.data;
  const problems: string[] = [];
  const localMode = env.BOT_ID === undefined;
  if (localMode && env.NODE_ENV === "production") {
    problems.push("BOT_ID: required when NODE_ENV=production (without it Bot Framework authentication is off and anyone can act as any user)");
  }
  if (!localMode && !env.BOT_PASSWORD && env.BOT_APP_TYPE !== "UserAssignedMSI") {
    problems.push("BOT_PASSWORD: required with BOT_ID unless BOT_APP_TYPE=UserAssignedMSI");
  }
  if (!localMode && env.BOT_APP_TYPE === "SingleTenant" && !env.BOT_TENANT_ID) {
    problems.push("BOT_TENANT_ID: required for a SingleTenant bot");
  }
  // The bot's Graph token goes with each look-up: never in clear text off this machine.
  if (!localMode && env.GRAPH_BASE_URL?.startsWith("http:") && !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(env.GRAPH_BASE_URL)) {
    problems.push("GRAPH_BASE_URL: expected https:// (the bot's access token is sent there)");
  }
  if (localMode && env.HOST && env.HOST !== LOOPBACK && env.HOST !== "::1") {
    problems.push(`HOST: local mode (no BOT_ID) listens on loopback only; got ${JSON.stringify(env.HOST)}`);
  }
  const [src, bau] = env.TRIAL_RATIO.split(":").map(Number) as [number, number];
  const blockSizes = (env.TRIAL_BLOCK_SIZES.length > 0 ? env.TRIAL_BLOCK_SIZES : [String(2 * (src + bau)), String(3 * (src + bau))]).map(Number);
  const badSize = blockSizes.find((size) => size % (src + bau) !== 0);
  if (badSize !== undefined) problems.push(`TRIAL_BLOCK_SIZES: expected multiples of ${src + bau} (the ratio ${env.TRIAL_RATIO} adds up to ${src + bau}); got ${badSize}`);
  const apiKeyHashes = keyHashes("INTAKE_API_KEY_HASHES", env.INTAKE_API_KEY_HASHES, problems);
  const metricsTokenHashes = keyHashes("METRICS_TOKEN_HASH", env.METRICS_TOKEN_HASH, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  const isSqlite = env.DATABASE_URL.startsWith("file:");
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: localMode ? LOOPBACK : (env.HOST ?? "0.0.0.0"),
    databaseUrl: env.DATABASE_URL,
    migrateOnStart: env.DB_MIGRATE_ON_START === "auto" ? isSqlite : env.DB_MIGRATE_ON_START === "true",
    bot: { appId: env.BOT_ID ?? "", password: env.BOT_PASSWORD, tenantId: env.BOT_TENANT_ID, appType: env.BOT_APP_TYPE },
    localMode,
    timeZone: env.TIME_ZONE,
    logLevel: env.LOG_LEVEL,
    bootstrapAdmins: env.BOOTSTRAP_ADMINS.map((id) => id.toLowerCase()),
    intake: {
      crimeRefPattern: new RegExp(env.CRIME_REF_PATTERN),
      storeStrands: env.STORE_STRANDS === "true",
      apiKeyHashes,
      maxBodyBytes: Math.round(env.INTAKE_MAX_BODY_MB * 1024 * 1024),
      ratePerMinute: env.INTAKE_RATE_LIMIT_PER_MINUTE,
      authFailuresPerMinute: env.INTAKE_AUTH_FAILURES_PER_MINUTE,
    },
    trial: { ratio: { src, bau }, blockSizes, stratifyBy: env.TRIAL_STRATIFY_BY },
    serviceLevels: { claimHours: env.SLA_CLAIM_WORKING_HOURS, contactDays: env.SLA_CONTACT_WORKING_DAYS },
    workingHours: { dayStart: env.WORKING_HOURS.slice(0, 5), dayEnd: env.WORKING_HOURS.slice(6), extraClosures: env.EXTRA_CLOSURES },
    unableToContact: { minAttempts: env.UNABLE_TO_CONTACT_ATTEMPTS, minDays: 2 },
    guidanceFile: env.GUIDANCE_FILE,
    outcomes: {
      attritionCodes: env.OUTCOME_ATTRITION_CODES,
      chargeCodes: env.OUTCOME_CHARGE_CODES,
      positiveCodes: env.OUTCOME_POSITIVE_CODES,
      localCodes: env.OUTCOME_LOCAL_CODES.map((code) => code.toUpperCase()),
      followUpDays: env.FOLLOW_UP_DAYS,
    },
    force: { annualHateCrimes: env.FORCE_ANNUAL_HATE_CRIMES, annualWithdrawals: env.FORCE_ANNUAL_WITHDRAWALS },
    reminders: {
      intervalMinutes: env.REMINDER_INTERVAL_MINUTES,
      escalateAfterWorkingHours: env.ESCALATE_AFTER_WORKING_HOURS,
      capPerRun: env.REMINDER_CAP_PER_RUN,
      dryRun: env.REMINDERS_DRY_RUN === "true",
      quietHours: { from: env.QUIET_HOURS.slice(0, 5), to: env.QUIET_HOURS.slice(6), weekends: true, bankHolidays: true },
    },
    digests: {
      dailyAt: env.DAILY_DIGEST_AT,
      weekly: { weekday: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(env.WEEKLY_DIGEST_AT.slice(0, 3)) + 1, at: env.WEEKLY_DIGEST_AT.slice(4) },
    },
    retention: { days: env.RETENTION_DAYS },
    metrics: { tokenHashes: metricsTokenHashes },
    jobs: { tickMs: env.JOB_TICK_SECONDS * 1000 },
    outbox: {
      leaseMs: env.OUTBOX_LEASE_SECONDS * 1000,
      instanceId: env.INSTANCE_ID,
      graphBaseUrl: graphBaseUrl(env.GRAPH_BASE_URL, localMode),
    },
  };
}
