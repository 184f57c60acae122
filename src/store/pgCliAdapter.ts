import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";

// PostgreSQL type OIDs of catalog-only types, `"char"` (18) and `name` (19), relabelled as `text` (25).
const CATALOG_TEXT_OIDS = new Set([18, 19]);
const TEXT_OID = 25;

/**
 * A pg.Pool whose query results report `name` and `"char"` columns as `text`.
 * Prisma's WebAssembly schema engine (used by `migrate deploy/status`, `db pull`) selects catalog columns of these
 * types, which @prisma/adapter-pg 6.19 cannot decode ("Column type 'name' could not be deserialized").
 */
class NameAsTextPool extends pg.Pool {
  // pg's overloads make a typed override impractical; the runtime contract is (config|text, values?, callback?).
  override query(...args: unknown[]): never {
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result && typeof (result as Promise<unknown>).then === "function") {
      return (result as Promise<pg.QueryResult>).then(relabelCatalogFields) as never;
    }
    return result as never;
  }
}

function relabelCatalogFields(result: pg.QueryResult): pg.QueryResult {
  for (const field of result.fields ?? []) {
    if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
  }
  return result;
}

/**
 * The driver adapter the Prisma CLI uses for PostgreSQL (prisma/postgresql/prisma.config.ts), with two fixes for
 * @prisma/adapter-pg 6.19 under the WebAssembly schema engine: catalog column types (above), and migration scripts
 * sent whole. The adapter splits a script at every ";", which breaks a function body such as the trigger that keeps
 * allocations immutable; PostgreSQL's simple query protocol runs a multi-statement script as it is.
 * The application's own queries use the plain adapter.
 */
export function prismaCliPgAdapter(connectionString: string | undefined): PrismaPg {
  const pool = new NameAsTextPool({ connectionString });
  const factory = new PrismaPg(pool);
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    adapter.executeScript = async (script: string) => {
      await pool.query(script);
    };
    return adapter;
  };
  return factory;
}
