import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_AAD, BotHarness } from "../../helpers/botHarness.js";
import { channelMention, personalMessage, user, type TestUser } from "../../helpers/activities.js";
import { cardSchemaErrors } from "../../helpers/cardSchema.js";
import { testProviders } from "../../helpers/testDb.js";
import { importCases, seedWards } from "../../helpers/seed.js";
import { referralOf } from "../../helpers/records.js";
import type { Caller, Role } from "../../../src/domain/people/roles.js";
import { attemptForm, completionForm } from "../../helpers/contactForms.js";

// Every ward is in rollout mode: each case is referred, with no randomisation, so the figures are known in advance.
const WARDS = [
  { code: "E05000001", name: "Abbey", borough: "Merton", mode: "rollout" as const },
  { code: "E05000002", name: "Colliers Wood", borough: "Merton", mode: "rollout" as const },
  { code: "E05000003", name: "Tooting", borough: "Wandsworth", mode: "rollout" as const },
  { code: "E05000005", name: "Kew", borough: "Richmond", mode: "rollout" as const },
];
const [ABBEY, COLLIERS, TOOTING] = WARDS.map((w) => w.code) as [string, string, string];

const admin = { id: "29:admin", name: "Alex Admin", aadObjectId: ADMIN_AAD };
const olu = user(1, "Olu Officer");
const pat = user(2, "Pat PCSO");
const rae = user(3, "Rae Officer");
const sue = user(4, "Sue Supervisor"); // supervises Abbey only
const sam = user(5, "Sam Supervisor"); // supervises nothing
const hana = user(6, "Hana HCOP");
const ian = user(7, "Ian Inspector");

const REFS = {
  "A-1": "2000001/24", "A-2": "2000002/24", "A-3": "2000003/24", "A-4": "2000004/24", "A-5": "2000005/24",
  "C-1": "2000011/24", "C-2": "2000012/24", "T-1": "2000021/24", "T-2": "2000022/24", "X-1": "2000009/24",
} as const;
type Label = keyof typeof REFS;
const WARD_OF: Record<Label, string> = {
  "A-1": ABBEY, "A-2": ABBEY, "A-3": ABBEY, "A-4": ABBEY, "A-5": ABBEY, "X-1": ABBEY, "C-1": COLLIERS, "C-2": COLLIERS, "T-1": TOOTING, "T-2": TOOTING,
};

type Step =
  | { refer: Label }
  | { claim: Label; by: TestUser }
  | { attempt: Label; by: TestUser; at: string }
  | { unable: Label; by: TestUser }
  | { complete: Label; by: TestUser; contact: string };

// January 2024 is GMT, so these London times are UTC too. Working hours 08:00–18:00 Mon–Fri (10 h a day); contact is
// due 3 working days after referral (a referral outside hours counts from the next opening). No bank holidays.
const TIMELINE: [string, Step][] = [
  ["2024-01-08T09:00", { refer: "A-1" }], //                        Mon 8: A-1 due Thu 11 09:00
  ["2024-01-08T10:00", { refer: "C-1" }], //                        C-1 due Thu 11 10:00
  ["2024-01-08T10:30", { claim: "A-1", by: olu }], //               A-1 claimed after 1.5 working hours
  ["2024-01-08T11:00", { claim: "C-1", by: olu }], //               C-1 claimed after 1 h; never completed
  ["2024-01-09T08:00", { refer: "A-4" }], //                        Tue 9
  ["2024-01-09T12:05", { complete: "A-1", by: olu, contact: "2024-01-09T12:00" }], // A-1 contact: Mon 09–18 (9 h) + Tue 08–12 (4 h) = 13 h = 1.3 days
  ["2024-01-09T16:00", { claim: "A-4", by: pat }], //               A-4 claimed after 8 h
  ["2024-01-09T16:30", { attempt: "A-4", by: pat, at: "2024-01-09T16:30" }],
  ["2024-01-10T09:00", { refer: "T-2" }], //                        Wed 10: T-2 due Mon 15 09:00; never claimed
  ["2024-01-10T10:00", { attempt: "A-4", by: pat, at: "2024-01-10T10:00" }],
  ["2024-01-10T13:00", { refer: "A-5" }], //                        A-5 due Mon 15 13:00; never claimed
  ["2024-01-10T15:00", { attempt: "A-4", by: pat, at: "2024-01-10T15:00" }],
  ["2024-01-10T15:30", { unable: "A-4", by: pat }], //              three attempts on two days: closed unable to contact
  ["2024-01-11T15:00", { refer: "C-2" }], //                        Thu 11
  ["2024-01-11T15:48", { claim: "C-2", by: rae }], //               C-2 claimed after 0.8 h
  ["2024-01-11T18:30", { refer: "T-1" }], //                        after closing: counts from Fri 08:00
  ["2024-01-12T08:12", { claim: "T-1", by: pat }], //               Fri 12: T-1 claimed after 0.2 h
  ["2024-01-12T10:05", { complete: "C-2", by: rae, contact: "2024-01-12T10:00" }], // C-2: Thu 15–18 (3 h) + Fri 08–10 (2 h) = 5 h = 0.5 days
  ["2024-01-12T17:00", { refer: "A-2" }],
  ["2024-01-13T10:00", { refer: "A-3" }], //                        Saturday: due Mon 08:00 + 3 days = Thu 18 08:00
  ["2024-01-15T09:00", { claim: "A-2", by: olu }], //               Mon 15: A-2 claimed after Fri 17–18 + Mon 08–09 = 2 h
  ["2024-01-15T09:30", { complete: "T-1", by: pat, contact: "2024-01-15T09:00" }], // T-1: Fri (10 h) + Mon 08–09 (1 h) = 11 h = 1.1 days
  ["2024-01-15T10:00", { refer: "X-1" }], //                        this week, not last week; due Thu 18 10:00
  ["2024-01-15T12:00", { claim: "A-3", by: pat }], //               A-3 claimed after Mon 08–12 = 4 h
  ["2024-01-15T14:10", { complete: "A-2", by: olu, contact: "2024-01-15T14:00" }], // A-2: 1 h + Mon 08–14 (6 h) = 7 h = 0.7 days
];
const NOW = new Date("2024-01-17T12:00:00Z"); // Wed 17 Jan: "last week" is Mon 8 – Sun 14 Jan

// ── Expected, by hand ──
// Abbey (A-1..A-5): referred 5; claimed 4 (A-1..A-4); contacted 2 (A-1, A-2) = 40%; open 2 (A-3 claimed, A-5 unclaimed);
//   overdue 1 (A-5, due Mon 15 13:00); unable 1 (A-4). Claim hours 1.5, 2, 4, 8 → median (2 + 4) / 2 = 3.0.
//   Contact days 1.3, 0.7 → median 1.0.
const ABBEY_ROW = "referred 5 · contacted 2 (40%) · open 2 (1 unclaimed) · overdue 1 · claimed 4 · unable to contact 1 · median to claim 3.0 working hours · median to contact 1.0 working days";
// Colliers Wood (C-1, C-2): referred 2; claimed 2; contacted 1 (C-2) = 50%; open 1 (C-1, claimed); overdue 1 (C-1, due Thu 11 10:00).
//   Claim hours 1, 0.8 → median 0.9. Contact days 0.5.
const COLLIERS_ROW = "referred 2 · contacted 1 (50%) · open 1 · overdue 1 · claimed 2 · unable to contact 0 · median to claim 0.9 working hours · median to contact 0.5 working days";
// Tooting (T-1, T-2): referred 2; claimed 1 (T-1); contacted 1 = 50%; open 1 (T-2, unclaimed); overdue 1 (T-2, due Mon 15 09:00).
//   Claim hours 0.2. Contact days 1.1.
const TOOTING_ROW = "referred 2 · contacted 1 (50%) · open 1 (1 unclaimed) · overdue 1 · claimed 1 · unable to contact 0 · median to claim 0.2 working hours · median to contact 1.1 working days";
// Total: referred 9; claimed 4 + 2 + 1 = 7; contacted 4 = 44% (4/9 = 44.4%); open 4 (2 unclaimed); overdue 3; unable 1.
//   Claim hours sorted 0.2, 0.8, 1, 1.5, 2, 4, 8 → the 4th, 1.5. Contact days sorted 0.5, 0.7, 1.1, 1.3 → (0.7 + 1.1) / 2 = 0.9.
const TOTAL_ROW = "referred 9 · contacted 4 (44%) · open 4 (2 unclaimed) · overdue 3 · claimed 7 · unable to contact 1 · median to claim 1.5 working hours · median to contact 0.9 working days";
// Officers: Olu A-1, A-2 (contacted), C-1 (open, overdue); Pat A-3 (open), A-4 (unable), T-1 (contacted); Rae C-2 (contacted).
const OLU_ROW = "claimed 3 · contacted 2 · unable to contact 0 · open 1 · overdue 1 — Abbey, Colliers Wood";
const PAT_ROW = "claimed 3 · contacted 1 · unable to contact 1 · open 1 · overdue 0 — Abbey, Tooting";
const RAE_ROW = "claimed 1 · contacted 1 · unable to contact 0 · open 0 · overdue 0 — Colliers Wood";
// Overdue at Wed 17 12:00, most overdue first:
//   C-1 due Thu 11 10:00: Thu 10–18 (8 h) + Fri, Mon, Tue (30 h) + Wed 08–12 (4 h) = 42 h = 4.2 working days
//   T-2 due Mon 15 09:00: Mon 09–18 (9 h) + Tue (10 h) + Wed 08–12 (4 h) = 23 h = 2.3
//   A-5 due Mon 15 13:00: Mon 13–18 (5 h) + Tue (10 h) + Wed 08–12 (4 h) = 19 h = 1.9
const OVERDUE_C1 = "Colliers Wood · due Thu 11 Jan 2024, 10:00 · 4.2 working days overdue";
const OVERDUE_T2 = "Tooting · due Mon 15 Jan 2024, 09:00 · 2.3 working days overdue";
const OVERDUE_A5 = "Abbey · due Mon 15 Jan 2024, 13:00 · 1.9 working days overdue";
const RULE = "Compliance = contacts made ÷ cases referred in the period (referred cases still open count as not yet delivered; unable to contact counts as not delivered).";
const USAGE = "Usage: /status [this week | last week | from <date> to <date>] [ward <code> | borough <name> | bcu <name>]";

type Json = Record<string, unknown>;
function objectsIn(node: unknown): Json[] {
  if (Array.isArray(node)) return node.flatMap(objectsIn);
  if (typeof node !== "object" || node === null) return [];
  return [node as Json, ...Object.values(node).flatMap(objectsIn)];
}
/** Every FactSet row on the card: ward, total and officer rows. */
const factsOf = (card: unknown) => Object.fromEntries(objectsIn(card).flatMap((o) => (o.type === "FactSet" ? (o.facts as { title: string; value: string }[]).map((f) => [f.title, f.value]) : [])));
/** The overdue list: [crime reference, what the card says of it]. */
const overdueOf = (card: unknown) =>
  objectsIn(card)
    .filter((o) => o.type === "ColumnSet")
    .map((o) => objectsIn(o.columns).filter((t) => t.type === "TextBlock").map((t) => t.text as string));
const textsOf = (card: unknown) => objectsIn(card).filter((o) => o.type === "TextBlock").map((o) => o.text as string);

describe.each(testProviders())("/status: compliance by ward and officer (%s)", (provider) => {
  let bot: BotHarness;

  const callerOf = (who: TestUser): Caller => ({ aadObjectId: who.aadObjectId, teamsUserId: who.id, displayName: who.name, roles: new Set<Role>(["officer"]) });
  const row = (label: Label) => referralOf(bot.db.store, REFS[label]);

  async function run(step: Step): Promise<void> {
    if ("refer" in step) {
      const reported = new Date(bot.clock.now().getTime() - 30 * 60_000).toISOString();
      await importCases(bot.deps, `crime_ref,reported_at,ward_code,record_type,offence\n${REFS[step.refer]},${reported},${WARD_OF[step.refer]},crime,public order\n`);
      const report = await bot.deps.allocation.allocate({ crimeRefs: [REFS[step.refer]], actor: hana.aadObjectId });
      expect(report.allocated).toHaveLength(1);
      await bot.worker.drain(); // posts the card: the referral can now be claimed
      return;
    }
    const { id, version } = await row("claim" in step ? step.claim : "attempt" in step ? step.attempt : "unable" in step ? step.unable : step.complete);
    const caller = callerOf(step.by);
    const outcome =
      "claim" in step
        ? await bot.deps.referrals.claim(id, version, caller)
        : "attempt" in step
          ? await bot.deps.referrals.recordAttempt(id, version, caller, attemptForm({ method: "phone", attemptDate: step.at.slice(0, 10), attemptTime: step.at.slice(11) }))
          : "unable" in step
            ? await bot.deps.referrals.closeUnableToContact(id, version, caller)
            : await bot.deps.referrals.complete(id, version, caller, completionForm({
                method: "phone", contactDate: step.contact.slice(0, 10), contactTime: step.contact.slice(11), riskAssessment: "already_done", supportReferral: "none", wantsStatement: "no",
              }));
    expect(outcome.kind, JSON.stringify(step)).toBe("changed");
  }

  async function status(who: TestUser, args = "", inChannel = false): Promise<{ card: any } | { text: string }> {
    bot.connector.clear();
    const command = `/status${args ? ` ${args}` : ""}`;
    const { status: http } = await bot.send(inChannel ? channelMention(bot.serviceUrl, who, command) : personalMessage(bot.serviceUrl, who, command));
    expect(http).toBe(200);
    const [reply] = bot.connector.sent();
    const attachment = reply?.body.attachments?.[0];
    return attachment ? { card: attachment.content } : { text: reply?.body.text ?? "" };
  }

  async function cardFor(who: TestUser, args = "") {
    const reply = await status(who, args);
    if (!("card" in reply)) throw new Error(`expected a card, got: ${reply.text}`);
    expect(cardSchemaErrors(reply.card)).toEqual([]);
    return reply.card;
  }

  async function textFor(who: TestUser, args = "") {
    const reply = await status(who, args);
    if (!("text" in reply)) throw new Error(`expected a text reply, got a card: ${JSON.stringify(reply.card).slice(0, 300)}`);
    return reply.text;
  }

  beforeAll(async () => {
    bot = await BotHarness.start(provider);
    bot.clock.set(new Date("2024-01-08T08:00:00Z"));
    await seedWards(bot.deps, WARDS);
    for (const [i, ward] of WARDS.entries()) {
      await bot.send(channelMention(bot.serviceUrl, admin, `/ward bind ${ward.code}`, { channel: { id: `19:ward-${i}@thread.tacv2`, name: `${ward.name} SNT` } }));
    }
    expect((await bot.deps.store.repos.bindings.list()).filter((b) => b.status === "active")).toHaveLength(WARDS.length);
    const grants: [TestUser, Role][] = [[olu, "officer"], [pat, "officer"], [rae, "officer"], [sue, "supervisor"], [sam, "supervisor"], [hana, "hcop"], [ian, "inspector"]];
    for (const [who, role] of grants) await bot.deps.roles.grant({ aadObjectId: who.aadObjectId, displayName: who.name }, role, "test");
    await bot.deps.store.transaction((tx) => tx.people.setSupervision(sue.aadObjectId, ABBEY, "test", bot.clock.now()));
    for (const [at, step] of TIMELINE) {
      bot.clock.set(new Date(`${at}:00Z`));
      await run(step);
    }
    bot.clock.set(NOW);
  });
  afterAll(() => bot?.stop());

  it("gives the HCOP every ward, the totals, every officer and the overdue references, as hand-computed", async () => {
    const card = await cardFor(hana, "last week");
    expect(factsOf(card)).toEqual({
      Abbey: ABBEY_ROW, "Colliers Wood": COLLIERS_ROW, Tooting: TOOTING_ROW, Total: TOTAL_ROW,
      "Olu Officer": OLU_ROW, "Pat PCSO": PAT_ROW, "Rae Officer": RAE_ROW,
    });
    const texts = textsOf(card);
    expect(texts).toEqual(expect.arrayContaining([
      "Last week: Mon 8 Jan 2024 – Sun 14 Jan 2024", "All wards", "9 cases referred, 4 contacts made (44%), 4 still open, 3 overdue.",
      "Merton", "Wandsworth", "1 other ward had no referrals in this period.", "By officer", "Overdue (3), most overdue first", RULE,
      "Figures as at Wed 17 Jan 2024, 12:00.",
    ]));
    // Boroughs in order, then wards in order within them; officers with the most overdue first.
    expect(texts.indexOf("Merton")).toBeLessThan(texts.indexOf("Wandsworth"));
    expect(Object.keys(factsOf(card))).toEqual(["Abbey", "Colliers Wood", "Tooting", "Total", "Olu Officer", "Pat PCSO", "Rae Officer"]);
    expect(overdueOf(card)).toEqual([
      [REFS["C-1"], `${OVERDUE_C1} · claimed by Olu Officer`],
      [REFS["T-2"], `${OVERDUE_T2} · unclaimed`],
      [REFS["A-5"], `${OVERDUE_A5} · unclaimed`],
    ]);
    // The card carries crime references and figures only.
    expect(JSON.stringify(card)).not.toMatch(/public order|offence|victim/i);
  });

  it("reads the same period written as dates, in either format, and ward codes in any case", async () => {
    const lastWeek = factsOf(await cardFor(hana, "last week"));
    expect(factsOf(await cardFor(hana, "from 2024-01-08 to 2024-01-14"))).toEqual(lastWeek);
    expect(factsOf(await cardFor(hana, "from 08/01/2024 to 14/01/2024"))).toEqual(lastWeek);
    const tooting = await cardFor(hana, `ward ${TOOTING.toLowerCase()} last week`);
    expect(factsOf(tooting)).toEqual({ Tooting: TOOTING_ROW, Total: TOOTING_ROW, "Pat PCSO": "claimed 1 · contacted 1 · unable to contact 0 · open 0 · overdue 0 — Tooting" });
    expect(textsOf(tooting)).toContain("Ward Tooting (E05000003)");
    const merton = await cardFor(hana, "last week borough merton");
    expect(Object.keys(factsOf(merton))).toEqual(["Abbey", "Colliers Wood", "Total", "Olu Officer", "Pat PCSO", "Rae Officer"]);
    expect(textsOf(merton)).toContain("Borough Merton");
  });

  it("counts this week's referrals by default", async () => {
    // Mon 15 – Sun 21 Jan: only X-1 (Abbey, Mon 15 10:00), unclaimed and due Thu 18 10:00, so not overdue.
    const card = await cardFor(hana);
    expect(textsOf(card)).toEqual(expect.arrayContaining(["This week: Mon 15 Jan 2024 – Sun 21 Jan 2024", "1 case referred, 0 contacts made (0%), 1 still open, 0 overdue.", "Nothing overdue.", "3 other wards had no referrals in this period."]));
    expect(factsOf(card)).toEqual({
      Abbey: "referred 1 · contacted 0 (0%) · open 1 (1 unclaimed) · overdue 0 · claimed 0 · unable to contact 0 · median to claim — · median to contact —",
      Total: "referred 1 · contacted 0 (0%) · open 1 (1 unclaimed) · overdue 0 · claimed 0 · unable to contact 0 · median to claim — · median to contact —",
    });
  });

  it("gives the inspector the ward figures without officers' names", async () => {
    const card = await cardFor(ian, "last week");
    expect(factsOf(card)).toEqual({ Abbey: ABBEY_ROW, "Colliers Wood": COLLIERS_ROW, Tooting: TOOTING_ROW, Total: TOTAL_ROW });
    expect(overdueOf(card)).toEqual([[REFS["C-1"], OVERDUE_C1], [REFS["T-2"], OVERDUE_T2], [REFS["A-5"], OVERDUE_A5]]);
    expect(JSON.stringify(card)).not.toMatch(/Olu|Pat|Rae|By officer/);
  });

  it("gives a supervisor their own ward only, with its officers, and nothing of any other ward", async () => {
    const card = await cardFor(sue, "last week");
    // Abbey only. Olu in Abbey: A-1, A-2 contacted. Pat in Abbey: A-3 open, A-4 unable (more open, so first).
    expect(factsOf(card)).toEqual({
      Abbey: ABBEY_ROW, Total: ABBEY_ROW,
      "Pat PCSO": "claimed 2 · contacted 0 · unable to contact 1 · open 1 · overdue 0 — Abbey",
      "Olu Officer": "claimed 2 · contacted 2 · unable to contact 0 · open 0 · overdue 0 — Abbey",
    });
    expect(overdueOf(card)).toEqual([[REFS["A-5"], `${OVERDUE_A5} · unclaimed`]]);
    expect(textsOf(card)).toContain("Your wards: Abbey (E05000001)");
    const json = JSON.stringify(card);
    for (const other of ["Colliers", "Tooting", "Kew", "Wandsworth", "Rae", REFS["C-1"], REFS["C-2"], REFS["T-1"], REFS["T-2"], "other ward"]) expect(json).not.toContain(other);

    expect(await textFor(sue, `ward ${COLLIERS}`)).toBe("Colliers Wood (E05000002) is not one of your wards, so its figures are not shown. You supervise Abbey (E05000001).");
    expect(await textFor(sue, "borough Wandsworth last week")).toBe("None of your wards is in Wandsworth. You supervise Abbey (E05000001).");
    const merton = await cardFor(sue, "borough Merton last week");
    expect(Object.keys(factsOf(merton))).toEqual(["Abbey", "Total", "Pat PCSO", "Olu Officer"]);
    expect(textsOf(merton)).toContain("Your wards in Merton: Abbey (E05000001)");
  });

  it("tells a supervisor with no wards so, and denies officers", async () => {
    expect(await textFor(sam, "last week")).toBe("You supervise no wards yet, so there is nothing to show. Ask an admin or the HCOP to assign your wards (/ward supervise).");
    expect(await textFor(olu)).toBe("Only hcop or inspector or supervisor can use /status. You have officer.");
    expect(await textFor(user(9, "Nobody"))).toBe("Only hcop or inspector or supervisor can use /status. You have no Reassure role.");
  });

  it("answers unknown wards and boroughs with the known ones, and malformed periods with the specific reason", async () => {
    expect(await textFor(hana, "ward E05000009")).toBe('Unknown ward code "E05000009". Did you mean E05000001, E05000002, E05000003?');
    expect(await textFor(hana, "borough Lambeth")).toBe('Unknown borough "Lambeth". Known boroughs: Merton, Richmond, Wandsworth.');
    expect(await textFor(hana, "from 2024-02-30 to 2024-03-01")).toBe(`The start date 2024-02-30 does not exist: February 2024 has no day 30 (it has 29 days). ${USAGE}`);
    expect(await textFor(ian, "from 2024-01-14 to 2024-01-08")).toBe(`The start date 2024-01-14 is after the end date 2024-01-08. ${USAGE}`);
    expect(await textFor(sue, "from 2024-01-08")).toBe(`Give the period as from <date> to <date>, e.g. from 2024-04-01 to 2024-04-07 (both days included). ${USAGE}`);
    expect(await textFor(hana, "next week")).toBe(`"next" is not part of a period or a filter. ${USAGE}`);
  });

  it("works when @mentioned in a channel too", async () => {
    const reply = await status(hana, "last week", true);
    expect("card" in reply && factsOf(reply.card).Total).toBe(TOTAL_ROW);
  });
});
