/** A person is identified by their Entra (AAD) object id: a GUID, kept lower-case so one person is one row. */
const ENTRA_OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseEntraObjectId(text: string): string | undefined {
  const id = text.trim();
  return ENTRA_OBJECT_ID.test(id) ? id.toLowerCase() : undefined;
}
