import type { AppContext } from "../../src/services.js";
import type { OutboxWorker } from "../../src/teams/outbox/outboxWorker.js";
import type { PrismaStore } from "../../src/store/prismaStore.js";
import { BOT, TEAM, TENANT, user, type TestUser } from "../../test/helpers/activities.js";
import { ADMIN_AAD } from "./bot.js";
import type { PoolEntry } from "../load/protocol.js";

export interface WardChannel {
  code: string;
  name: string;
  borough: string;
  channelId: string;
}

/** The ConversationReference `/ward bind` stores for a channel. */
export function channelReference(serviceUrl: string, channelId: string): string {
  return JSON.stringify({
    channelId: "msteams",
    serviceUrl,
    bot: BOT,
    conversation: { id: channelId, conversationType: "channel", isGroup: true, tenantId: TENANT },
  });
}

/** Wards in rollout mode (every case referred, no randomisation), each bound to its own channel of the fake Teams. */
export async function bindRolloutWards(deps: AppContext, serviceUrl: string, wards: readonly WardChannel[]): Promise<void> {
  await deps.wards.importWards(wards.map((w) => ({ code: w.code, name: w.name, borough: w.borough, mode: "rollout" as const, enabled: true })), "bench");
  for (const w of wards) {
    const bound = await deps.wards.bind(w.code, { teamId: TEAM.id, channelId: w.channelId, serviceUrl, tenantId: TENANT, conversationRef: channelReference(serviceUrl, w.channelId) }, ADMIN_AAD);
    if (!bound.ok) throw new Error(bound.message);
  }
}

let nextCrimeRef = 1_000_000;

/** `n` cases spread over the wards in turn, a minute apart; fresh crime references on every call. */
export function casesCsv(n: number, wardCodes: readonly string[], start = new Date("2024-03-01T08:00:00Z")): string {
  const lines = ["crime_ref,reported_at,ward_code,record_type,offence"];
  for (let i = 0; i < n; i++) {
    const at = new Date(start.getTime() + i * 60_000).toISOString();
    lines.push(`${nextCrimeRef++}/24,${at},${wardCodes[i % wardCodes.length]},crime,public order`);
  }
  return lines.join("\n") + "\n";
}

/** Officers who click: one per referral of the pool, all holding the officer role. */
export async function officers(deps: AppContext, count: number): Promise<TestUser[]> {
  const people = Array.from({ length: count }, (_, i) => user(1000 + i, `Officer ${i + 1}`));
  for (const p of people) await deps.roles.grant({ aadObjectId: p.aadObjectId, displayName: p.name }, "officer", "bench");
  return people;
}

/** Imports and allocates `count` cases in a bound rollout ward and delivers their cards: `count` posted referrals. */
export async function postReferrals(deps: AppContext, worker: OutboxWorker, ward: WardChannel, count: number): Promise<void> {
  const report = await deps.intake.importCsv([casesCsv(count, [ward.code])], { actor: "bench", skipInvalid: false, source: "bench" });
  if (!report.written) throw new Error(`import refused: ${JSON.stringify(report.problems.slice(0, 3))}`);
  await deps.allocation.allocate({ actor: ADMIN_AAD });
  await worker.drain();
}

/** The ward's referrals as the load generator needs them: current version, and Release for those held. */
export async function referralPool(store: PrismaStore, wardCode: string, people: readonly TestUser[]): Promise<PoolEntry[]> {
  const byAad = new Map(people.map((p) => [p.aadObjectId, p]));
  const rows = await store.db.referral.findMany({ where: { wardCode }, orderBy: { id: "asc" }, select: { id: true, version: true, status: true, claimedBy: true, channelId: true, activityId: true } });
  return rows.map((r, i) => {
    if (!r.channelId || !r.activityId) throw new Error(`referral ${r.id} was never posted`);
    const holder = r.status === "claimed" && r.claimedBy ? byAad.get(r.claimedBy) : undefined;
    return {
      referralId: r.id,
      version: r.version,
      next: r.status === "claimed" ? "release" : "claim",
      channelId: r.channelId,
      activityId: r.activityId,
      user: holder ?? people[i % people.length]!,
    };
  });
}
