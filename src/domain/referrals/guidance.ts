import { readFileSync } from "node:fs";

/**
 * The short briefing officers get for secondary reassurance contact. The pilot kept guidance deliberately loose;
 * a force replaces this with its own text through GUIDANCE_FILE (plain text, paragraphs separated by blank lines).
 */
export const DEFAULT_GUIDANCE: readonly string[] = [
  "You are making a second, separate contact with a victim of hate crime. You are not the investigating officer: your job is to reassure.",
  "Acknowledge what happened and the impact it has had. Show that the police take hate crime seriously and that this report matters.",
  "Contact the victim by phone or in person, whichever they prefer. Open the crime record in the CMS for their details; never post them in Teams.",
  "If not already done: complete a risk assessment, and offer a referral to support services (for example Victim Support).",
  "If the victim wants to give a statement, record it on the Complete form: Reassure tells the investigation in the case's thread. Do not take the statement yourself unless your force's process says so.",
  "Record the contact in the CMS as usual, then press Complete here. If you cannot reach the victim, record each attempt; after three attempts on different days you may close the referral as unable to contact.",
];

export function loadGuidance(file: string | undefined): readonly string[] {
  if (!file) return DEFAULT_GUIDANCE;
  const paragraphs = readFileSync(file, "utf8")
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.replace(/\s+/g, " ").trim())
    .filter(Boolean);
  if (paragraphs.length === 0) throw new Error(`GUIDANCE_FILE ${file} is empty`);
  return paragraphs;
}
