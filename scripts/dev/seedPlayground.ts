import { parse } from "csv-parse/sync";
import { DateTime } from "luxon";
import { generateDemoData } from "../../src/intake/demoData.js";
import { validateWardRows } from "../../src/domain/wards/wardRows.js";
import { NAMED_CHANNELS } from "../../src/teams/outbox/coordination.js";
import type { ChannelTarget } from "../../src/teams/outbox/teamsSender.js";
import type { AppContext } from "../../src/services.js";
import type { PlaygroundConfig } from "./playground.js";
import { PLAYGROUND_ROLES } from "./people.js";

const ACTOR = "dev-seed";
const WARD_COUNT = 3;
const CASE_DAYS = 4;

export interface SeedSummary {
  wards: { code: string; name: string; borough: string }[];
  wardChannel: { id: string; name: string };
  /** Where the coordination alerts and the inspectors' digest go. */
  namedChannel: { id: string; name: string };
  casesCreated: number;
  people: { name: string; roles: readonly string[] }[];
  unknownPeople: string[];
}

/**
 * The ConversationReference `/ward bind` would store had someone typed it in that channel of the playground: the bot
 * posts new threads into `conversation.id`, the channel itself.
 */
function channelTarget(config: PlaygroundConfig, serviceUrl: string, channelId: string): ChannelTarget {
  const reference = {
    channelId: "msteams",
    serviceUrl,
    bot: config.bot,
    user: { id: config.currentUser.id, name: config.currentUser.name, aadObjectId: config.currentUser.aadObjectId },
    conversation: { id: channelId, isGroup: true, conversationType: "channel", tenantId: config.tenantId },
  };
  return { channelId, serviceUrl, tenantId: config.tenantId, conversationRef: JSON.stringify(reference) };
}

/**
 * Makes the dev database match the playground: three demo wards bound to its ward channel, the coordination and
 * inspectors' channels set to General (the playground allows one other channel), every person's role, and a few days
 * of cases left unallocated for the HCOP's `/allocate`.
 * Idempotent, so a kept database is seeded again without duplicates.
 */
export async function seedPlayground(deps: AppContext, config: PlaygroundConfig, serviceUrl: string, now: Date): Promise<SeedSummary> {
  const team = config.teams[0];
  const general = team?.channels[0];
  const wardChannel = team?.channels[1];
  if (!team || !general || !wardChannel) throw new Error("the playground config needs a team with a channel besides General");

  // Up to yesterday: the intake refuses cases reported in the future.
  const start = DateTime.fromJSDate(now, { zone: deps.config.timeZone }).startOf("day").minus({ days: CASE_DAYS }).toJSDate();
  const demo = generateDemoData({ seed: "playground", wards: WARD_COUNT, days: CASE_DAYS, start, casesPerDay: 3 });
  const { wards, problems } = validateWardRows(parse(demo.wardsCsv, { columns: true, trim: true }) as Record<string, string>[]);
  if (problems.length > 0) throw new Error(`demo wards refused: ${JSON.stringify(problems)}`);
  const wardsImported = await deps.wards.importWards(wards, ACTOR);
  if (!wardsImported.ok) throw new Error(`demo wards refused: ${JSON.stringify(wardsImported.problems)}`);

  const wardTarget = channelTarget(config, serviceUrl, wardChannel.id);
  for (const ward of wards) {
    const bound = await deps.wards.bind(ward.code, { teamId: team.id, ...wardTarget }, ACTOR);
    if (!bound.ok) throw new Error(bound.message);
  }
  const generalTarget = JSON.stringify(channelTarget(config, serviceUrl, general.id));
  await deps.store.transaction(async (tx) => {
    for (const { settingKey } of Object.values(NAMED_CHANNELS)) await tx.settings.put(settingKey, generalTarget, ACTOR, now);
  });

  const everyone = [config.currentUser, ...config.users];
  const people: SeedSummary["people"] = [];
  for (const person of everyone) {
    const roles = PLAYGROUND_ROLES[person.id] ?? [];
    for (const role of roles) await deps.roles.grant({ aadObjectId: person.aadObjectId, displayName: person.name }, role, ACTOR);
    // Known Teams ids let a card name its per-viewer refresh users before anyone has spoken to the bot.
    if (roles.length > 0) await deps.roles.identify({ aadObjectId: person.aadObjectId, teamsUserId: person.id, displayName: person.name });
    if (roles.includes("supervisor")) for (const ward of wards) await deps.wards.supervise(ward.code, person.aadObjectId.toLowerCase(), ACTOR);
    people.push({ name: person.name, roles });
  }

  const imported = await deps.intake.importCsv([demo.casesCsv], { actor: ACTOR, skipInvalid: false, source: "dev-seed" });
  if (!imported.written) throw new Error(`demo cases refused: ${JSON.stringify(imported.problems.slice(0, 3))}`);

  return {
    wards: wards.map((w) => ({ code: w.code, name: w.name, borough: w.borough })),
    wardChannel,
    namedChannel: general,
    casesCreated: imported.created,
    people,
    unknownPeople: Object.keys(PLAYGROUND_ROLES).filter((id) => !everyone.some((p) => p.id === id)),
  };
}
