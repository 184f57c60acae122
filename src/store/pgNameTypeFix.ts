import pg from "pg";

// PostgreSQL type OIDs of catalog-only types, `"char"` (18) and `name` (19), relabelled as `text` (25).
const CATALOG_TEXT_OIDS = new Set([18, 19]);
const TEXT_OID = 25;

/**
 * A pg.Pool whose query results report `name` and `"char"` columns as `text`.
 * Prisma's WebAssembly schema engine (used by `migrate deploy/status`) selects catalog columns of these types,
 * which @prisma/adapter-pg 6.19 cannot decode ("Column type 'name' could not be deserialized"; `db pull`
 * also hits `"char"`). Only the CLI
 * config needs this; the application's own queries never select such columns.
 */
export class NameAsTextPool extends pg.Pool {
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
