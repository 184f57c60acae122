import type { Command } from "commander";
import { loadConfig } from "../config/env.js";
import { deployMigrations, runPrismaCli } from "../store/migrations.js";

export function dbCommands(program: Command): void {
  const db = program.command("db").description("database schema");
  db.command("deploy")
    .description("apply every pending migration to DATABASE_URL (SQLite or PostgreSQL)")
    .action(async () => {
      const { stdout } = await deployMigrations(loadConfig().databaseUrl);
      process.stdout.write(stdout);
    });
  db.command("status")
    .description("show which migrations are applied; exit code 1 if any is pending")
    .action(async () => {
      try {
        const { stdout } = await runPrismaCli(loadConfig().databaseUrl, ["migrate", "status"]);
        process.stdout.write(stdout);
      } catch (error) {
        const failed = error as { stdout?: string; stderr?: string };
        process.stdout.write(failed.stdout ?? "");
        process.stderr.write(failed.stderr ?? "");
        process.exitCode = 1;
      }
    });
}
