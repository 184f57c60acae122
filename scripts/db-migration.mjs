#!/usr/bin/env node
// `npm run db:migration -- <name>`: writes a new migration for BOTH providers from the change to prisma/models.prisma.
// `prisma migrate dev` cannot run with the WebAssembly engine (see docs/DEVELOPMENT.md), so each migration is the
// `migrate diff` between the schema as of the previous migration (kept beside it as schema.prisma) and the new one.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync, copyFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PROVIDERS, schemaFor } from "./db-schema.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name>   (lower-case letters, digits and underscores)");
  process.exit(2);
}
const prismaBin = join(root, "node_modules", ".bin", "prisma");
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
// The PostgreSQL adapter connects even for a datamodel-to-datamodel diff: use DATABASE_URL_PG or a throw-away cluster.
let pgUrl = process.env.DATABASE_URL_PG;
const ownCluster = !pgUrl;
const clusterEnv = { ...process.env, PG_DIR: "/tmp/reassure-pg-migration" };
if (ownCluster) {
  const out = execFileSync(join(root, "scripts", "pg-cluster.sh"), ["start"], { env: clusterEnv, encoding: "utf8" });
  pgUrl = out.trim().replace(/^export DATABASE_URL_PG=/, "");
}
const urlFor = { sqlite: "file:/tmp/reassure-migration-unused.db", postgresql: pgUrl };

for (const provider of PROVIDERS) {
  const dir = join(root, "prisma", provider);
  const schemaPath = join(dir, "schema.prisma");
  writeFileSync(schemaPath, schemaFor(provider));
  const migrationsDir = join(dir, "migrations");
  mkdirSync(migrationsDir, { recursive: true });
  const previous = readdirSync(migrationsDir).filter((d) => /^\d{14}_/.test(d)).sort().at(-1);
  const from = previous ? ["--from-schema-datamodel", join(migrationsDir, previous, "schema.prisma")] : ["--from-empty"];
  const sql = execFileSync(
    prismaBin,
    ["migrate", "diff", ...from, "--to-schema-datamodel", schemaPath, "--script", "--config", join(dir, "prisma.config.ts")],
    { cwd: root, env: { ...process.env, DATABASE_URL: urlFor[provider] }, encoding: "utf8" },
  );
  if (/^-- This is an empty migration\.\s*$/.test(sql.trim())) {
    console.log(`${provider}: no change`);
    continue;
  }
  const target = join(migrationsDir, `${stamp}_${name}`);
  mkdirSync(target);
  writeFileSync(join(target, "migration.sql"), sql);
  copyFileSync(schemaPath, join(target, "schema.prisma"));
  if (!existsSync(join(migrationsDir, "migration_lock.toml"))) {
    writeFileSync(join(migrationsDir, "migration_lock.toml"), `# Do not edit: managed by Prisma.\nprovider = "${provider}"\n`);
  }
  console.log(`${provider}: wrote ${target.slice(root.length + 1)}`);
}
if (ownCluster) execFileSync(join(root, "scripts", "pg-cluster.sh"), ["stop"], { env: clusterEnv });
