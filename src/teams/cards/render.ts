import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ACData from "adaptivecards-templating";
import { CardFactory, type Attachment } from "botbuilder";
import { projectRoot } from "../../paths.js";

export type AdaptiveCardJson = Record<string, unknown> & { type: "AdaptiveCard"; version: string };

const templates = new Map<string, ACData.Template>();

function template(name: string): ACData.Template {
  let compiled = templates.get(name);
  if (!compiled) {
    const json: unknown = JSON.parse(readFileSync(join(projectRoot, "cards", `${name}.json`), "utf8"));
    compiled = new ACData.Template(json);
    templates.set(name, compiled);
  }
  return compiled;
}

/**
 * Fills the card template `cards/<name>.json` from a typed view-model. The view-model is the only data a card sees:
 * build it from stored records with exactly the fields the card may show.
 */
export function renderCard<ViewModel extends object>(name: string, viewModel: ViewModel): AdaptiveCardJson {
  return template(name).expand({ $root: viewModel }) as AdaptiveCardJson;
}

export function cardAttachment(card: AdaptiveCardJson): Attachment {
  return CardFactory.adaptiveCard(card);
}
