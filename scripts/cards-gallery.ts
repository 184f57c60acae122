// Renders every Adaptive Card template × state × viewer with the official `adaptivecards` renderer in headless
// Chromium and writes docs/cards/<name>.png plus docs/cards/README.md.
//   node --import tsx scripts/cards-gallery.ts [--only <name>]...
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "../src/paths.js";
import { launchChromium } from "./lib/chromium.js";
import { galleryCards, type GalleryCard } from "./gallery/galleryCases.js";
import { teamsCss, teamsHostConfig } from "./gallery/teamsTheme.js";

const outDir = join(projectRoot, "docs", "cards");

interface RenderOutcome {
  problems: string[];
  buttons: string[];
}

/** Titles of the buttons Teams would draw: the card's top-level actions (Action.Execute and friends). */
function expectedButtons(card: GalleryCard["card"]): string[] {
  const actions = (card.actions ?? []) as { title?: string }[];
  return actions.map((a) => a.title ?? "");
}

function readme(cards: GalleryCard[]): string {
  const byTemplate = new Map<string, GalleryCard[]>();
  for (const c of cards) byTemplate.set(c.template, [...(byTemplate.get(c.template) ?? []), c]);
  const sections = [...byTemplate.entries()].map(
    ([template, list]) =>
      `## ${template}\n\nTemplate: [cards/${template}.json](../../cards/${template}.json)\n\n` +
      list.map((c) => `### ${c.title}\n\n![${c.title}](${c.name}.png)\n`).join("\n"),
  );
  return [
    "# Card gallery",
    "",
    "Every Adaptive Card Reassure sends, in every state and for every viewer the card tests cover, drawn by the official",
    "`adaptivecards` JavaScript renderer in headless Chromium with a Teams-like light theme (`scripts/gallery/teamsTheme.ts`).",
    "Teams draws cards with its own renderer and fonts, so expect small differences in spacing and typeface. Date and time",
    "inputs show in the browser's own format (US with Debian's Chromium, which ships only the en-US locale).",
    "",
    "Regenerate with `npm run cards:gallery` (needs Chromium: `apt-get install -y chromium`, or set `CHROMIUM_PATH`).",
    "The view-models are the card tests' fixtures (`test/unit/cards/referralFixtures.ts`) and the samples in",
    "`scripts/gallery/galleryCases.ts`.",
    "",
    "| Card | Template |",
    "| --- | --- |",
    ...cards.map((c) => `| [${c.title}](${c.name}.png) | \`${c.template}\` |`),
    "",
    ...sections,
  ].join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: "string", multiple: true } } });
  const all = galleryCards();
  const only = values.only ?? [];
  const unknown = only.filter((name) => !all.some((c) => c.name === name));
  if (unknown.length > 0) throw new Error(`Unknown card name(s): ${unknown.join(", ")}. Known: ${all.map((c) => c.name).join(", ")}`);
  const selected = only.length > 0 ? all.filter((c) => only.includes(c.name)) : all;

  mkdirSync(outDir, { recursive: true });
  if (only.length === 0) {
    // A full run owns the folder: images of cards that no longer exist would mislead readers.
    const current = new Set(all.map((c) => `${c.name}.png`));
    for (const file of readdirSync(outDir)) if (file.endsWith(".png") && !current.has(file)) rmSync(join(outDir, file));
  }

  const browser = await launchChromium();
  const failures: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 480, height: 800 }, deviceScaleFactor: 1, locale: "en-GB", timezoneId: "Europe/London" });
    await page.setContent(`<!doctype html><html><head><meta charset="utf-8"></head><body><div id="bubble" class="bubble"></div></body></html>`);
    await page.addStyleTag({ path: join(projectRoot, "node_modules/adaptivecards/dist/adaptivecards.css") });
    await page.addStyleTag({ content: teamsCss }); // after the renderer's sample stylesheet, so Teams' look wins
    await page.addScriptTag({ path: join(projectRoot, "node_modules/adaptivecards/dist/adaptivecards.min.js") });
    await page.addScriptTag({ path: join(projectRoot, "scripts/gallery/renderInPage.browser.js") });

    for (const c of selected) {
      const outcome = (await page.evaluate(`renderGalleryCard(${JSON.stringify(c.card)}, ${JSON.stringify(teamsHostConfig)})`)) as RenderOutcome;
      const expected = expectedButtons(c.card);
      if (JSON.stringify(outcome.buttons) !== JSON.stringify(expected)) {
        failures.push(`${c.name}: buttons drawn ${JSON.stringify(outcome.buttons)}, card has ${JSON.stringify(expected)}`);
      }
      for (const problem of outcome.problems) console.warn(`${c.name}: renderer says: ${problem}`);
      await page.locator("#bubble").screenshot({ path: join(outDir, `${c.name}.png`) });
      console.log(`docs/cards/${c.name}.png`);
    }
  } finally {
    await browser.close();
  }
  writeFileSync(join(outDir, "README.md"), readme(all));
  if (failures.length > 0) {
    console.error(failures.join("\n"));
    process.exitCode = 1;
  }
}

await main();
