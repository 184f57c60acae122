import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { deployMigrations } from "../../src/store/migrations.js";

/**
 * Runs once per `vitest run`: migrates one template database per provider so each test file copies a ready database
 * instead of migrating its own. PostgreSQL comes from DATABASE_URL_PG (CI starts it) or a throw-away cluster started here;
 * set REASSURE_TEST_DATABASES=sqlite to run without PostgreSQL.
 */
declare module "vitest" {
  export interface ProvidedContext {
    databases: { sqliteTemplate: string; postgresTemplateUrl: string | null };
  }
}

const PG_TEMPLATE_DB = "reassure_template";

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "reassure-test-"));
  const sqliteTemplate = join(dir, "template.db");
  await deployMigrations(`file:${sqliteTemplate}`);

  const wanted = (process.env.REASSURE_TEST_DATABASES ?? "sqlite,postgresql").split(",");
  let postgresTemplateUrl: string | null = null;
  let ownCluster = false;
  // Not inside `dir`: the server runs as an unprivileged user, who cannot enter a 0700 folder of root's.
  const clusterEnv = { ...process.env, PG_DIR: join(tmpdir(), `reassure-test-pg-${process.pid}`) };
  if (wanted.includes("postgresql")) {
    let serverUrl = process.env.DATABASE_URL_PG;
    if (!serverUrl) {
      const script = join(process.cwd(), "scripts", "pg-cluster.sh");
      if (!existsSync(script)) throw new Error("scripts/pg-cluster.sh missing");
      const out = execFileSync(script, ["start"], { env: clusterEnv, encoding: "utf8" });
      serverUrl = out.trim().replace(/^export DATABASE_URL_PG=/, "");
      ownCluster = true;
    }
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${PG_TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${PG_TEMPLATE_DB}`);
    await admin.end();
    postgresTemplateUrl = withDatabase(serverUrl, PG_TEMPLATE_DB);
    await deployMigrations(postgresTemplateUrl);
  }
  project.provide("databases", { sqliteTemplate, postgresTemplateUrl });

  return async () => {
    if (ownCluster) execFileSync(join(process.cwd(), "scripts", "pg-cluster.sh"), ["stop"], { env: clusterEnv });
    rmSync(dir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
