#!/usr/bin/env node
// Writes each provider's schema.prisma from prisma/models.prisma (the one source of truth).
// Prisma allows one provider per schema, so SQLite and PostgreSQL each get a generated copy.
// `--check` exits 1 if a committed copy differs from what would be written (used by CI and a test).
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const PROVIDERS = ["sqlite", "postgresql"];

export function schemaFor(provider) {
  const models = readFileSync(join(root, "prisma", "models.prisma"), "utf8");
  const header = `// GENERATED from prisma/models.prisma by \`npm run db:schema\`. Do not edit.

generator client {
  provider            = "prisma-client"
  output              = "../../src/store/generated/${provider}"
  engineType          = "client"
  moduleFormat        = "esm"
  runtime             = "nodejs"
  importFileExtension = "js"
}

datasource db {
  provider = "${provider}"
  // The CLI reads this only to find its config; connections go through the driver adapter in prisma.config.ts.
  url      = env("DATABASE_URL")
}

`;
  return header + models;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes("--check");
  let drift = false;
  for (const provider of PROVIDERS) {
    const path = join(root, "prisma", provider, "schema.prisma");
    const wanted = schemaFor(provider);
    let current = "";
    try { current = readFileSync(path, "utf8"); } catch { /* first run */ }
    if (current === wanted) continue;
    if (check) {
      console.error(`prisma/${provider}/schema.prisma is out of date: run npm run db:schema`);
      drift = true;
    } else {
      writeFileSync(path, wanted);
      console.log(`wrote prisma/${provider}/schema.prisma`);
    }
  }
  process.exit(drift ? 1 : 0);
}
