import Database from "better-sqlite3";
import pg from "pg";

let statements = 0;
let installed = false;

/**
 * Counts SQL statements sent to either driver by anything in this process (Prisma's adapters use the same driver
 * modules), by wrapping better-sqlite3's prepare/exec and pg's Client.query. Measurement only: results are untouched.
 */
export function statementCounter(): { reset(): void; read(): number } {
  if (!installed) {
    installed = true;
    const proto = Database.prototype as unknown as Record<"prepare" | "exec", (...args: unknown[]) => unknown>;
    for (const method of ["prepare", "exec"] as const) {
      const original = proto[method];
      proto[method] = function (this: unknown, ...args: unknown[]) {
        statements++;
        return original.apply(this, args);
      };
    }
    const client = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const query = client.query;
    client.query = function (this: unknown, ...args: unknown[]) {
      statements++;
      return query.apply(this, args);
    };
  }
  return {
    reset: () => void (statements = 0),
    read: () => statements,
  };
}
