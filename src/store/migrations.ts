import { execFile } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { projectRoot } from "../paths.js";
import { providerOf, sqlitePath, type Db, type Provider } from "./prismaClient.js";

const run = promisify(execFile);

function prismaDir(provider: Provider): string {
  return join(projectRoot, "prisma", provider);
}

/** Migration folder names shipped with this build, oldest first. */
export function shippedMigrations(provider: Provider): string[] {
  return readdirSync(join(prismaDir(provider), "migrations"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Runs a Prisma CLI command with the provider's config: the WebAssembly engine, no native download. */
export async function runPrismaCli(url: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  const provider = providerOf(url);
  const cliUrl = provider === "sqlite" ? `file:${sqlitePath(url)}` : url;
  return run(join(projectRoot, "node_modules", ".bin", "prisma"), [...args, "--config", join(prismaDir(provider), "prisma.config.ts")], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: cliUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
}

export function deployMigrations(url: string): Promise<{ stdout: string; stderr: string }> {
  if (providerOf(url) === "sqlite") mkdirSync(dirname(sqlitePath(url)), { recursive: true });
  return runPrismaCli(url, ["migrate", "deploy"]);
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  /** The database has no migration table at all: never deployed. */
  empty: boolean;
}

/** Compares the migrations shipped with this build with those the database records as applied. */
export async function migrationStatus(db: Db, provider: Provider): Promise<MigrationStatus> {
  let applied: string[] = [];
  let empty = false;
  try {
    const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    applied = rows.map((row) => row.migration_name);
  } catch {
    empty = true;
  }
  return { applied, pending: shippedMigrations(provider).filter((name) => !applied.includes(name)), empty };
}

/** The reason the database is not ready, or undefined when every shipped migration has been applied. */
export async function pendingMigrationsReason(db: Db, provider: Provider): Promise<string | undefined> {
  const status = await migrationStatus(db, provider);
  if (status.empty) return "database has no migrations applied (run: reassure db deploy)";
  return status.pending.length === 0 ? undefined : `migrations not applied: ${status.pending.join(", ")} (run: reassure db deploy)`;
}
