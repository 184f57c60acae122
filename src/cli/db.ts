import type { Command } from "commander";
import { loadConfig } from "../config/env.js";
import { deployMigrations, migrationStatus } from "../store/migrations.js";
import { openStore } from "../store/prismaStore.js";

export function dbCommands(program: Command): void {
  const db = program.command("db").description("database schema");
  db.command("deploy")
    .description("apply every pending migration to DATABASE_URL (SQLite or PostgreSQL)")
    .action(async () => {
      const { stdout } = await deployMigrations(loadConfig().databaseUrl);
      process.stdout.write(stdout);
    });
  db.command("status")
    .description("list applied and pending migrations; exit code 1 if any is pending")
    .action(async () => {
      const config = loadConfig();
      const store = await openStore(config.databaseUrl);
      try {
        const status = await migrationStatus(store.db, store.provider);
        for (const name of status.applied) console.log(`applied  ${name}`);
        for (const name of status.pending) console.log(`pending  ${name}`);
        if (status.pending.length > 0) {
          console.log(`${status.pending.length} migration(s) not applied to ${store.provider}: run reassure db deploy`);
          process.exitCode = 1;
        } else {
          console.log(`Database schema is up to date (${status.applied.length} migrations, ${store.provider}).`);
        }
      } finally {
        await store.close();
      }
    });
}
