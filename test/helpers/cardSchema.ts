import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import draft6 from "ajv/dist/refs/json-schema-draft-06.json" with { type: "json" };

// The official file names its id with draft-04's `id`; Ajv wants draft-06's `$id`. The file itself stays byte-for-byte.
const { id: schemaId, ...official } = JSON.parse(readFileSync(join(process.cwd(), "cards", "schema", "adaptive-card-1.5.json"), "utf8"));
const schema = { $id: schemaId, ...official };
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addMetaSchema(draft6);
const validate = ajv.compile(schema);

/**
 * Errors from validating a bot card against the official Adaptive Card 1.5 schema. Teams-only extensions the generic
 * schema does not list (a top-level `msteams` object) are checked by the caller and removed before validation.
 */
export function cardSchemaErrors(card: Record<string, unknown>): string[] {
  const { msteams: _teamsOnly, ...generic } = card;
  if (validate(generic)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
}
