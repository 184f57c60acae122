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
});

export type Env = z.infer<typeof schema>;

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
  if (localMode && env.HOST && env.HOST !== LOOPBACK && env.HOST !== "::1") {
    problems.push(`HOST: local mode (no BOT_ID) listens on loopback only; got ${JSON.stringify(env.HOST)}`);
  }
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
  };
}
