import { resolve } from "node:path";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient, Prisma } from "./generated/sqlite/client.js";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client.js";

/**
 * The two generated clients have the same model API; repositories are written against the SQLite one's type and the
 * PostgreSQL client is used through it. The shared test suite runs on both databases, which keeps that honest.
 */
export type Db = SqliteClient;
export type DbTx = Prisma.TransactionClient;
export type Provider = "sqlite" | "postgresql";

export function providerOf(url: string): Provider {
  return url.startsWith("file:") ? "sqlite" : "postgresql";
}

/** `file:./data/x.db` is relative to the working directory; the CLI and the server must agree on the file. */
export function sqlitePath(url: string): string {
  return resolve(url.replace(/^file:/, ""));
}

export function createPrismaClient(url: string): Db {
  if (providerOf(url) === "sqlite") {
    const path = sqlitePath(url);
    mkdirSync(dirname(path), { recursive: true });
    return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: `file:${path}`, timeout: 10_000 }) });
  }
  const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
  return client as unknown as Db;
}
