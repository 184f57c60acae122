// Small readers over rendered card JSON, so tests can ask "which buttons?" or "what follows input X?".

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every object in the card, depth first, in document order. */
export function objectsIn(node: unknown): Json[] {
  if (Array.isArray(node)) return node.flatMap(objectsIn);
  if (!isObject(node)) return [];
  return [node, ...Object.values(node).flatMap(objectsIn)];
}

/** Every key used anywhere in the card. */
export function keysIn(node: unknown): string[] {
  return objectsIn(node).flatMap((o) => Object.keys(o));
}

/** Every string and number leaf, with the key it sits under (array items inherit the array's key). */
export function leavesIn(node: unknown, key = ""): { key: string; value: string | number }[] {
  if (typeof node === "string" || typeof node === "number") return [{ key, value: node }];
  if (Array.isArray(node)) return node.flatMap((item) => leavesIn(item, key));
  if (!isObject(node)) return [];
  return Object.entries(node).flatMap(([k, v]) => leavesIn(v, k));
}

export function executeActions(card: unknown): Json[] {
  return objectsIn(card).filter((o) => o.type === "Action.Execute");
}

/** The buttons the user sees (card actions), not the refresh action. */
export function buttons(card: Json): Json[] {
  return (card.actions as Json[] | undefined) ?? [];
}

export function body(card: Json): Json[] {
  return card.body as Json[];
}

export function inputs(card: Json): Json[] {
  return body(card).filter((e) => typeof e.type === "string" && e.type.startsWith("Input."));
}

export function textsIn(node: unknown): string[] {
  return objectsIn(node)
    .filter((o) => o.type === "TextBlock")
    .map((o) => o.text as string);
}

/** The Attention-coloured lines between the input with this id and the next input: where its errors belong. */
export function errorLinesAfter(card: Json, id: string): string[] {
  const items = body(card);
  const index = items.findIndex((e) => e.id === id);
  if (index < 0) throw new Error(`no input ${id}`);
  const rest = items.slice(index + 1);
  const nextInput = rest.findIndex((e) => typeof e.type === "string" && e.type.startsWith("Input."));
  return (nextInput < 0 ? rest : rest.slice(0, nextInput))
    .filter((e) => e.type === "TextBlock" && e.color === "Attention")
    .map((e) => e.text as string);
}
