import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import draft6 from "ajv/dist/refs/json-schema-draft-06.json" with { type: "json" };
import { teamsChartSchemas } from "./teamsChartSchema.js";

// The official file names its id with draft-04's `id`; Ajv wants draft-06's `$id`. The file itself stays byte-for-byte.
const { id: schemaId, ...official } = JSON.parse(readFileSync(join(process.cwd(), "cards", "schema", "adaptive-card-1.5.json"), "utf8"));
const schema = { $id: schemaId, ...official };
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addMetaSchema(draft6);
const validate = ajv.compile(schema);
const validateTeamsElement = new Map<string, ValidateFunction>(Object.entries(teamsChartSchemas).map(([type, s]) => [type, ajv.compile(s)]));

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

const describe = (at: string) => (e: ErrorObject) => {
  const extra = (e.params as { additionalProperty?: string }).additionalProperty;
  return `${at}${e.instancePath || (at ? "" : "/")} ${e.message}${extra ? `: ${extra}` : ""}`;
};

/**
 * The card as a client without Teams charts sees it: each Teams chart, once checked against its own schema, replaced by
 * its fallback element (or removed, for `"drop"` or no fallback), which the official schema then checks in its place.
 */
function withFallbacks(node: unknown, at: string, errors: string[]): unknown {
  if (Array.isArray(node)) return node.map((item, i) => withFallbacks(item, `${at}/${i}`, errors)).filter((item) => item !== undefined);
  if (!isObject(node)) return node;
  const check = typeof node.type === "string" ? validateTeamsElement.get(node.type) : undefined;
  if (check) {
    if (!check(node)) errors.push(...(check.errors ?? []).map(describe(at)));
    return isObject(node.fallback) ? withFallbacks(node.fallback, `${at}/fallback`, errors) : undefined;
  }
  return Object.fromEntries(
    Object.entries(node)
      .map(([key, value]) => [key, withFallbacks(value, `${at}/${key}`, errors)] as const)
      .filter(([, value]) => value !== undefined),
  );
}

/**
 * Errors from validating a bot card against the official Adaptive Card 1.5 schema. Teams-only extensions the generic
 * schema does not list are allowed only as written down here: a top-level `msteams` object (checked by the caller), and
 * the chart elements in `teamsChartSchema.ts`, each checked against its own schema and its fallback against the official
 * one (errors in a fallback are reported at the chart's path, as the fallback stands in for it).
 */
export function cardSchemaErrors(card: Record<string, unknown>): string[] {
  const { msteams: _teamsOnly, ...generic } = card;
  const errors: string[] = [];
  const plain = withFallbacks(generic, "", errors);
  if (!validate(plain)) errors.push(...(validate.errors ?? []).map(describe("")));
  return errors;
}
