import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { projectRoot } from "../../src/paths.js";
import { deployMigrations } from "../../src/store/migrations.js";
import { openStore, type PrismaStore } from "../../src/store/prismaStore.js";

export type Provider = "sqlite" | "postgresql";

/** Everything the benchmarks generate lives under here; CPU profiles and saved results stay for reading. */
export const WORK_DIR = "/tmp/reassure-bench";
/** This process's databases and files (two runs at once must not share a template), deleted at the end. */
export const RUN_DIR = join(WORK_DIR, `run-${process.pid}`);

export interface BenchDatabase {
  provider: Provider;
  url: string;
  /** Opened on demand and kept: some benchmarks hand the URL to a child process instead. */
  open(): Promise<PrismaStore>;
  /** Closes the store (before a copy or a child process takes over); open() reopens it. */
  close(): Promise<void>;
  drop(): Promise<void>;
}

const PG_TEMPLATE = "reassure_bench_template";

/**
 * Fresh migrated databases for each benchmark, copied from one template per provider (migrating takes seconds).
 * PostgreSQL is a throw-away cluster of our own (scripts/pg-cluster.sh, in a PG_DIR of this process), stopped by close().
 */
export class Databases {
  private serverUrl: string | undefined;
  private readonly pgDir = `/tmp/reassure-bench-pg-${process.pid}`;
  private readonly sqliteTemplate = join(RUN_DIR, "template.db");

  private constructor(readonly providers: Provider[]) {}

  static async open(options: { postgres: boolean }): Promise<Databases> {
    mkdirSync(RUN_DIR, { recursive: true });
    const withPg = options.postgres && postgresInstalled();
    const databases = new Databases(withPg ? ["sqlite", "postgresql"] : ["sqlite"]);
    rmSync(databases.sqliteTemplate, { force: true });
    await deployMigrations(`file:${databases.sqliteTemplate}`);
    if (withPg) await databases.startPostgres();
    return databases;
  }

  /** The server's version, for the report. */
  async postgresVersion(): Promise<string | undefined> {
    if (!this.serverUrl) return undefined;
    return withClient(this.serverUrl, async (c) => (await c.query("SHOW server_version")).rows[0].server_version as string);
  }

  async create(provider: Provider, label: string): Promise<BenchDatabase> {
    if (provider === "sqlite") {
      const file = join(RUN_DIR, `${label}-${randomBytes(3).toString("hex")}.db`);
      copyFileSync(this.sqliteTemplate, file);
      return sqliteDatabase(file);
    }
    return this.pgDatabase(PG_TEMPLATE, label);
  }

  /** A copy of a populated database (closed first: PostgreSQL copies only an idle template, SQLite a checkpointed file). */
  async copy(source: BenchDatabase, label: string): Promise<BenchDatabase> {
    await source.close();
    if (source.provider === "sqlite") {
      const file = join(RUN_DIR, `${label}-${randomBytes(3).toString("hex")}.db`);
      copyFileSync(source.url.replace(/^file:/, ""), file);
      return sqliteDatabase(file);
    }
    return this.pgDatabase(new URL(source.url).pathname.slice(1), label);
  }

  async close(): Promise<void> {
    if (this.serverUrl) execFileSync(join(projectRoot, "scripts", "pg-cluster.sh"), ["stop"], { env: { ...process.env, PG_DIR: this.pgDir } });
    this.serverUrl = undefined;
    rmSync(RUN_DIR, { recursive: true, force: true });
  }

  private async startPostgres(): Promise<void> {
    const out = execFileSync(join(projectRoot, "scripts", "pg-cluster.sh"), ["start"], { env: { ...process.env, PG_DIR: this.pgDir }, encoding: "utf8" });
    this.serverUrl = out.trim().replace(/^export DATABASE_URL_PG=/, "");
    await withClient(this.serverUrl, (c) => c.query(`CREATE DATABASE ${PG_TEMPLATE}`));
    await deployMigrations(withDatabase(this.serverUrl, PG_TEMPLATE));
  }

  private async pgDatabase(template: string, label: string): Promise<BenchDatabase> {
    const serverUrl = this.serverUrl;
    if (!serverUrl) throw new Error("PostgreSQL is not running in this benchmark run");
    const name = `bench_${label.replace(/\W/g, "_").toLowerCase()}_${randomBytes(3).toString("hex")}`;
    await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
    const url = withDatabase(serverUrl, name);
    const store = cachedStore(url);
    return {
      provider: "postgresql",
      url,
      ...store,
      async drop() {
        await store.close();
        await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      },
    };
  }
}

function sqliteDatabase(file: string): BenchDatabase {
  const url = `file:${file}`;
  const store = cachedStore(url);
  return {
    provider: "sqlite",
    url,
    ...store,
    async drop() {
      await store.close();
      for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
    },
  };
}

function cachedStore(url: string): Pick<BenchDatabase, "open" | "close"> {
  let store: Promise<PrismaStore> | undefined;
  return {
    open: () => (store ??= openStore(url)),
    async close() {
      const open = store;
      store = undefined;
      if (open) await (await open).close();
    },
  };
}

function postgresInstalled(): boolean {
  try {
    execFileSync("sh", ["-c", "ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null"]);
    return true;
  } catch {
    return false;
  }
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
