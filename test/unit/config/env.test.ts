import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { ENV_KEYS, loadConfig } from "../../../src/config/env.js";
import { problemsOf } from "../../helpers/configProblems.js";

const GUID = "11111111-2222-4333-8444-555555555555";

describe("configuration", () => {
  it("defaults to local mode on the embedded SQLite database, loopback only", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3978, host: "127.0.0.1", databaseUrl: "file:./data/reassure.db", localMode: true, migrateOnStart: true, timeZone: "Europe/London" });
    expect(config.bot.appId).toBe("");
  });

  it("lists every invalid variable at once, each with what it expects", () => {
    const problems = problemsOf({ PORT: "eighty", DATABASE_URL: "mysql://db/x", LOG_LEVEL: "loud", TIME_ZONE: "Mars/Olympus", BOOTSTRAP_ADMINS: `${GUID},bob`, BOT_APP_TYPE: "Other" });
    expect(problems).toHaveLength(6);
    expect(problems.join("\n")).toMatch(/PORT: expected a port number \(got "eighty"\)/);
    expect(problems.join("\n")).toMatch(/DATABASE_URL: expected file:<path> \(SQLite\) or postgresql:\/\//);
    expect(problems.join("\n")).toMatch(/LOG_LEVEL: expected one of fatal, error/);
    expect(problems.join("\n")).toMatch(/TIME_ZONE: expected an IANA time zone/);
    expect(problems.join("\n")).toMatch(/BOOTSTRAP_ADMINS: expected Entra object ids/);
    expect(problems.join("\n")).toMatch(/BOT_APP_TYPE: expected SingleTenant, MultiTenant or UserAssignedMSI/);
  });

  it("refuses production without a bot id: authentication would be off", () => {
    expect(problemsOf({ NODE_ENV: "production" })).toEqual([expect.stringMatching(/^BOT_ID: required when NODE_ENV=production/)]);
  });

  it("never listens beyond loopback in local mode", () => {
    expect(problemsOf({ HOST: "0.0.0.0" })).toEqual([expect.stringMatching(/^HOST: local mode \(no BOT_ID\) listens on loopback only/)]);
    expect(loadConfig({ HOST: "127.0.0.1" }).host).toBe("127.0.0.1");
  });

  it("requires the password and tenant a single-tenant bot needs, and never echoes the password", () => {
    expect(problemsOf({ BOT_ID: GUID })).toEqual([expect.stringMatching(/^BOT_PASSWORD: required/), expect.stringMatching(/^BOT_TENANT_ID: required/)]);
    const config = loadConfig({ BOT_ID: GUID, BOT_PASSWORD: "s3cret", BOT_TENANT_ID: GUID, NODE_ENV: "production" });
    expect(config).toMatchObject({ localMode: false, host: "0.0.0.0", migrateOnStart: true });
    try {
      loadConfig({ BOT_ID: "not-a-guid", BOT_PASSWORD: "hunter2-secret" });
    } catch (error) {
      expect(String(error)).not.toContain("hunter2-secret");
    }
  });

  it("migrates PostgreSQL at start only when asked", () => {
    expect(loadConfig({ DATABASE_URL: "postgresql://u@h/db" }).migrateOnStart).toBe(false);
    expect(loadConfig({ DATABASE_URL: "postgresql://u@h/db", DB_MIGRATE_ON_START: "true" }).migrateOnStart).toBe(true);
  });

  it("normalises bootstrap admins to lower case", () => {
    expect(loadConfig({ BOOTSTRAP_ADMINS: ` ${GUID.toUpperCase()} , ${GUID} ` }).bootstrapAdmins).toEqual([GUID, GUID]);
  });

  it("documents every variable in .env.example and the README, and the example is a valid configuration", () => {
    const example: Record<string, string> = {};
    for (const line of readFileSync(".env.example", "utf8").split("\n")) {
      const match = /^#?([A-Z_]+)=(.*)$/.exec(line);
      if (match) example[match[1]!] = match[2]!;
    }
    const readme = readFileSync("README.md", "utf8");
    for (const key of ENV_KEYS) {
      expect(Object.keys(example), `.env.example lacks ${key}`).toContain(key);
      expect(readme, `README lacks ${key}`).toContain(`| \`${key}\` |`);
    }
    expect(() => loadConfig(Object.fromEntries(Object.entries(example).filter(([k]) => k !== "HOST")))).not.toThrow();
  });
});
