// Prisma CLI config for PostgreSQL: WebAssembly schema engine + the pg driver adapter (no native engine download).
import { defineConfig } from "prisma/config";
import { prismaCliPgAdapter } from "../../src/store/pgCliAdapter.js";

// The schema's `url = env("DATABASE_URL")` must resolve or the CLI falls back to downloading a native engine;
// `prisma generate` needs no database, so a placeholder is enough there.
process.env.DATABASE_URL ??= "postgresql://localhost:5432/reassure";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "./schema.prisma",
  migrations: { path: "./migrations" },
  adapter: async () => prismaCliPgAdapter(process.env.DATABASE_URL),
});
