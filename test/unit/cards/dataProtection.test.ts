// Cards are posted in ward channels (DESIGN "Data protection"): they may carry only what their view-model holds —
// never victim details, hate strand, offence narrative or case notes. These tests check the templates, not the
// view builders: no sensitive-looking key appears, a template reads only the fields it names (so a careless view
// carrying extra case fields leaks nothing), and every string on a card is template text or a view-model value.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  alertCard,
  attemptFormCard,
  completeFormCard,
  guidanceCard,
  mineCard,
  reassignFormCard,
  referralCard,
} from "../../../src/teams/cards/referralCards.js";
import { keysIn, leavesIn } from "./cardWalk.js";
import {
  alertViews,
  allRenderedCards,
  attemptForms,
  completeForms,
  guidanceViews,
  mineViews,
  reassignForms,
  referralViews,
} from "./referralFixtures.js";
import type { MineView, ReassignFormView } from "../../../src/teams/views/referralViews.js";

const FORBIDDEN_KEY_PARTS = ["strand", "offence", "offense", "victim", "address", "phone", "postcode", "dob"];
const SENSITIVE_MARKERS = ["STRAND-race", "OFFENCE-narrative", "NOTES-secret", "VICTIM-Jane Doe", "ADDRESS-1 High St", "PHONE-07700900123"];

function forbiddenKeys(card: unknown): string[] {
  return keysIn(card).filter((key) => {
    const lower = key.toLowerCase();
    return lower === "notes" || FORBIDDEN_KEY_PARTS.some((part) => lower.includes(part));
  });
}

/** The fields of a case record that a careless builder might spread into a view. */
const sensitiveCase = {
  strand: "STRAND-race",
  strands: ["STRAND-race"],
  offence: "OFFENCE-narrative",
  notes: "NOTES-secret",
  victim: { name: "VICTIM-Jane Doe", address: "ADDRESS-1 High St", phone: "PHONE-07700900123", postcode: "SW19 1AA", dob: "1970-01-01" },
  victimName: "VICTIM-Jane Doe",
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * One regular expression per string in the template: its literal text kept, each `${…}` replaced by "any value the
 * view holds, or any quoted literal inside that expression". A card string matching none of them came from elsewhere.
 */
function provenancePatterns(template: string, view: object): RegExp[] {
  const templateJson: unknown = JSON.parse(readFileSync(join(process.cwd(), "cards", `${template}.json`), "utf8"));
  const viewValues = leavesIn(view).map((leaf) => String(leaf.value));
  return leavesIn(templateJson)
    .map((leaf) => String(leaf.value))
    .map((text) => {
      const literals = text.split(/\$\{[^}]*\}/).map(escapeRegExp);
      const expressions = text.match(/\$\{[^}]*\}/g) ?? [];
      const pieces = literals.flatMap((literal, i) => {
        const expression = expressions[i];
        if (expression === undefined) return [literal];
        const quoted = [...expression.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
        const fills = [...viewValues, ...quoted].sort((a, b) => b.length - a.length).map(escapeRegExp);
        return [literal, `(?:${fills.join("|")})`];
      });
      return new RegExp(`^${pieces.join("")}$`);
    });
}

function stringsNotFromTemplateOrView(card: object, template: string, view: object): string[] {
  const patterns = provenancePatterns(template, view);
  return leavesIn(card)
    .filter((leaf) => typeof leaf.value === "string")
    .map((leaf) => leaf.value as string)
    .filter((text) => !patterns.some((pattern) => pattern.test(text)));
}

const rendered = allRenderedCards();

describe("data protection on cards", () => {
  it.each(rendered.map((c) => [c.name, c] as const))("%s has no key naming sensitive data", (_name, { card }) => {
    expect(forbiddenKeys(card)).toEqual([]);
  });

  it("the key scan does catch sensitive keys (control)", () => {
    expect(forbiddenKeys({ body: [{ type: "TextBlock", text: "x", victimPhone: "1" }], notes: "", Strands: [] })).toEqual([
      "notes",
      "Strands",
      "victimPhone",
    ]);
  });

  it.each(rendered.map((c) => [c.name, c] as const))("%s shows only template text and view-model values", (_name, c) => {
    expect(stringsNotFromTemplateOrView(c.card, c.template, c.view)).toEqual([]);
  });

  it("the provenance check does catch text the view did not supply (control)", () => {
    const view = referralViews.claimedForClaimant;
    const card = referralCard(view);
    const tampered = { ...card, body: [...(card.body as object[]), { type: "TextBlock", text: "Reassurance contact — VICTIM-Jane Doe" }] };
    expect(stringsNotFromTemplateOrView(tampered, "referral", view)).toEqual(["Reassurance contact — VICTIM-Jane Doe"]);
  });

  // A view built by spreading a case record (or its victim) carries extra fields at every level. The templates must
  // read only the fields they name, so the card is exactly the one the clean view gives.
  describe("views carrying extra case fields render exactly as the clean views", () => {
    const polluted = <T extends object>(view: T): T => ({ ...sensitiveCase, ...view });
    const cases: [string, () => object, () => object][] = [
      ...Object.entries(referralViews).map(([state, view]): [string, () => object, () => object] => [
        `referral ${state}`,
        () => referralCard(view),
        () => referralCard({ ...polluted(view), actions: polluted(view.actions) }),
      ]),
      ...Object.entries(attemptForms).map(([state, view]): [string, () => object, () => object] => [
        `attempt form ${state}`,
        () => attemptFormCard(view),
        () => attemptFormCard({ ...polluted(view), methods: view.methods.map(polluted) }),
      ]),
      ...Object.entries(completeForms).map(([state, view]): [string, () => object, () => object] => [
        `complete form ${state}`,
        () => completeFormCard(view),
        () =>
          completeFormCard({
            ...polluted(view),
            values: polluted(view.values),
            methods: view.methods.map(polluted),
            riskAssessments: view.riskAssessments.map(polluted),
            supportReferrals: view.supportReferrals.map(polluted),
          }),
      ]),
      ...Object.entries<ReassignFormView>(reassignForms).map(([state, view]): [string, () => object, () => object] => [
        `reassign form ${state}`,
        () => reassignFormCard(view),
        () => reassignFormCard({ ...polluted(view), officers: view.officers.map(polluted) }),
      ]),
      ...Object.entries(guidanceViews).map(([state, view]): [string, () => object, () => object] => [
        `guidance ${state}`,
        () => guidanceCard(view),
        () => guidanceCard({ ...polluted(view), back: view.back && polluted(view.back) }),
      ]),
      ...Object.entries(alertViews).map(([state, view]): [string, () => object, () => object] => [
        `alert ${state}`,
        () => alertCard(view),
        () => alertCard(polluted(view)),
      ]),
      ...Object.entries<MineView>(mineViews).map(([state, view]): [string, () => object, () => object] => [
        `mine ${state}`,
        () => mineCard(view),
        () => mineCard({ ...polluted(view), claims: view.claims.map(polluted) }),
      ]),
    ];

    it.each(cases)("%s", (_name, clean, dirty) => {
      const card = dirty();
      const json = JSON.stringify(card);
      for (const marker of SENSITIVE_MARKERS) expect(json).not.toContain(marker);
      expect(forbiddenKeys(card)).toEqual([]);
      expect(card).toEqual(clean());
    });
  });
});
