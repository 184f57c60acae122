import { renderCard, type AdaptiveCardJson } from "../../src/teams/cards/render.js";
import { allocationResultView } from "../../src/teams/views/allocationResult.js";
import { wardListView } from "../../src/teams/views/wardList.js";
import type { Ward, WardBinding } from "../../src/domain/wards/ward.js";
import type { AllocationReport } from "../../src/domain/allocation/allocationService.js";
// The card tests' fixtures are the one copy of every referral template × state × viewer; the gallery shows exactly
// what those tests check.
import { allRenderedCards } from "../../test/unit/cards/referralFixtures.js";
import { OPTIONS, pilotAssessed, pilotFacts } from "../../test/unit/trialStats/fixtures.js";
import { buildTrialReport } from "../../src/domain/trialStats/report.js";
import { statsView } from "../../src/teams/views/stats.js";

export interface GalleryCard {
  /** File name without extension: `<template-prefix>-<state>` in kebab case, stable across runs. */
  name: string;
  template: string;
  title: string;
  card: AdaptiveCardJson;
}

const sentence = (kebabName: string) => kebabName.charAt(0).toUpperCase() + kebabName.slice(1).replace(/-/g, " ");

const kebab = (text: string) =>
  text
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase();

const ward = (code: string, name: string, borough: string, mode: Ward["mode"], enabled = true): Ward => ({ code, name, borough, bcu: "Default BCU", enabled, mode });

const binding = (wardCode: string, status: WardBinding["status"]): WardBinding => ({
  wardCode,
  teamId: "19:team",
  channelId: `19:${wardCode}`,
  serviceUrl: "https://smba.trafficmanager.net/uk/",
  tenantId: "tenant",
  conversationRef: "{}",
  status,
  boundBy: "aad-admin",
  boundAt: new Date("2024-04-01T09:00:00Z"),
});

const wardRows = [
  { ward: ward("E05013805", "Abbey", "Merton", "trial"), binding: binding("E05013805", "active") },
  { ward: ward("E05013806", "Colliers Wood", "Merton", "trial"), binding: undefined },
  { ward: ward("E05013822", "Wimbledon Park", "Merton", "off", false), binding: undefined },
  { ward: ward("E05014025", "Tooting Broadway", "Wandsworth", "rollout"), binding: binding("E05014025", "broken") },
];

const allocationReport: AllocationReport = {
  allocated: [
    { crimeRef: "3012345/24", wardCode: "E05013805", borough: "Merton", arm: "SRC", method: "randomised" },
    { crimeRef: "3012346/24", wardCode: "E05013805", borough: "Merton", arm: "BAU", method: "randomised" },
    { crimeRef: "3012351/24", wardCode: "E05013806", borough: "Merton", arm: "SRC", method: "randomised" },
    { crimeRef: "3012360/24", wardCode: "E05014025", borough: "Wandsworth", arm: "SRC", method: "rollout" },
  ],
  notAllocated: [{ crimeRef: "3012370/24", wardCode: "E05013822", reason: "ward E05013822 is disabled" }],
  alreadyAllocated: ["3011999/24"],
  unknown: ["3019999/24"],
};

/** The pilot's figures over two BCUs: the force-level /stats card with attrition pooled across BCUs. */
function statsAcrossUnits(): AdaptiveCardJson {
  const facts = pilotFacts().map((f, i) => ({ ...f, wardCode: i % 3 === 0 ? "E05009001" : "E05013805" }));
  const unitOf = new Map([["E05009001", "Central East"], ["E05013805", "South West"]]);
  const report = buildTrialReport(facts, pilotAssessed(facts), { ...OPTIONS, unitOf });
  return renderCard("stats", statsView(report, (at) => at.toISOString().slice(0, 16).replace("T", " ")));
}

const nothingAllocated: AllocationReport = { allocated: [], notAllocated: [], alreadyAllocated: [], unknown: [] };

/** Every card template in every state the card tests know, plus the ward list, the allocation result and /stats over BCUs. */
export function galleryCards(): GalleryCard[] {
  const referralCards = allRenderedCards().map((c) => ({ name: kebab(c.name), template: c.template, card: c.card }));
  const extra = [
    { title: "ward list mixed", template: "ward-list", card: renderCard("ward-list", wardListView(wardRows)) },
    { title: "ward list empty", template: "ward-list", card: renderCard("ward-list", wardListView([])) },
    { title: "allocation result mixed", template: "allocation-result", card: renderCard("allocation-result", allocationResultView(allocationReport)) },
    { title: "allocation result nothing", template: "allocation-result", card: renderCard("allocation-result", allocationResultView(nothingAllocated)) },
    { title: "stats across bcus", template: "stats", card: statsAcrossUnits() },
  ].map((c) => ({ name: kebab(c.title), template: c.template, card: c.card }));
  return [...referralCards, ...extra].map((c) => ({ ...c, title: sentence(c.name) }));
}
