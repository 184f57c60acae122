// Prisma CLI config for the embedded SQLite store: WebAssembly schema engine + driver adapter,
// so no native engine binary is ever downloaded (works air-gapped).
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// The schema's `url = env("DATABASE_URL")` must resolve or the CLI falls back to downloading a native engine;
// `prisma generate` needs no database, so a placeholder is enough there.
process.env.DATABASE_URL ??= "file:./data/reassure.db";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "./schema.prisma",
  migrations: { path: "./migrations" },
  adapter: async () => new PrismaBetterSQLite3({ url: process.env.DATABASE_URL as string }),
});
