/**
 * Command text as typed, minus what Teams adds: teams-ai has already removed the bot's own @mention; this also
 * drops non-breaking spaces and line breaks Teams inserts, and collapses whitespace.
 */
export function normaliseCommandText(text: string | undefined): string {
  return (text ?? "")
    .replace(/&nbsp;|\u00a0/g, " ")
    .replace(/<\/?(p|div|br)\s*\/?>/gi, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** `ward bind` → /^\/?ward\s+bind(?=\s|$)/i : anchored, so "/status" inside other text never triggers a command. */
export function commandPattern(name: string): RegExp {
  const words = name.split(" ").map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^/?${words.join("\\s+")}(?=\\s|$)`, "i");
}
