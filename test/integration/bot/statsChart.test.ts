import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotHarness, ADMIN_AAD } from "../../helpers/botHarness.js";
import { channelMention, personalMessage, user } from "../../helpers/activities.js";
import { cardSchemaErrors } from "../../helpers/cardSchema.js";
import { caseCsv, importCases, seedWards } from "../../helpers/seed.js";
import { allocations as allocationsOf, referralOf, writeOutcome } from "../../helpers/records.js";
import { testProviders } from "../../helpers/testDb.js";
import { objectsIn } from "../../unit/cards/cardWalk.js";
import type { Caller } from "../../../src/domain/people/roles.js";
import { completionForm } from "../../helpers/contactForms.js";

const WARD_CHANNEL = { id: "19:snt@thread.tacv2", name: "South West SNTs" };
const TRIAL_WARDS = ["E05000001", "E05000002", "E05000003"];
const admin = { id: "29:admin", name: "Alex Admin", aadObjectId: ADMIN_AAD };
const olu = user(1, "Olu Officer");
const ivy = user(5, "Ivy Inspector");
const DAY = 86_400_000;
const caller: Caller = { aadObjectId: olu.aadObjectId, teamsUserId: olu.id, displayName: olu.name, roles: new Set(["officer"]) };
const completion = (contactDate: string) => ({ method: "phone", contactDate, contactTime: "10:00", riskAssessment: "already_done", supportReferral: "none", wantsStatement: "no" });

type Json = Record<string, unknown>;
interface Series {
  legend: string;
  values: { x: string; y: number }[];
}

/**
 * Two allocation rounds two weeks apart, chosen by the test: 9 cases on Tue 2 Apr 2024 (ISO week 2024-W14) and 7 on
 * Tue 16 Apr 2024 (2024-W16); nothing in 2024-W15. In each round the first two SRC contacts are delivered the next day;
 * two cases in three get an outcome, attrition (code 14) or a charge (code 1) in turn.
 */
const ROUNDS = [
  { week: "2024-W14", at: "2024-04-02T09:00:00Z", nextDay: "2024-04-03", cases: 9, start: 0 },
  { week: "2024-W16", at: "2024-04-16T09:00:00Z", nextDay: "2024-04-17", cases: 7, start: 100 },
] as const;

describe.each(testProviders())("the /stats weekly trend chart (%s)", (provider) => {
  let bot: BotHarness;

  beforeEach(async () => {
    bot = await BotHarness.start(provider);
    await seedWards(bot.deps);
    await bot.deps.roles.grant({ aadObjectId: ivy.aadObjectId, displayName: ivy.name }, "inspector", "test");
    await bot.deps.roles.grant({ aadObjectId: olu.aadObjectId, displayName: olu.name }, "officer", "test");
  });
  afterEach(() => bot.stop());

  /** Runs the rounds and returns, per week, what the test made happen, counted from its own records. */
  async function runRounds() {
    for (const code of TRIAL_WARDS) await bot.send(channelMention(bot.serviceUrl, admin, `/ward bind ${code}`, { channel: WARD_CHANNEL }));
    const expected = new Map<string, { src: number; bau: number; delivered: number; knownSrc: number; attritionSrc: number; knownBau: number; attritionBau: number }>();
    for (const round of ROUNDS) {
      bot.clock.set(new Date(round.at));
      await importCases(bot.deps, caseCsv(round.cases, { wards: TRIAL_WARDS, start: round.start }));
      await bot.deps.allocation.allocate({ actor: "hcop" });
      await bot.worker.drain();
      const refs = Array.from({ length: round.cases }, (_, i) => `${1_000_000 + round.start + i}/24`);
      const allocations = (await allocationsOf(bot.db.store)).filter((a) => refs.includes(a.crimeRef)).sort((a, b) => a.caseId - b.caseId);
      expect(allocations).toHaveLength(round.cases);
      bot.clock.set(new Date(`${round.nextDay}T12:00:00Z`));
      const week = { src: 0, bau: 0, delivered: 0, knownSrc: 0, attritionSrc: 0, knownBau: 0, attritionBau: 0 };
      for (const [i, a] of allocations.entries()) {
        const src = a.arm === "SRC";
        if (src) week.src++;
        else week.bau++;
        if (src && week.src <= 2) {
          const referral = await referralOf(bot.db.store, a.crimeRef);
          expect((await bot.deps.referrals.claim(referral.id, referral.version, caller)).kind).toBe("changed");
          expect((await bot.deps.referrals.complete(referral.id, referral.version + 1, caller, completionForm(completion(round.nextDay)))).kind).toBe("changed");
          week.delivered++;
        }
        if (i % 3 === 2) continue; // no outcome recorded
        const code = i % 2 === 0 ? "14" : "1";
        await writeOutcome(bot.db.store, a.caseId, { code, outcomeDate: new Date(a.allocatedAt.getTime() + 10 * DAY) }, bot.clock.now());
        if (src) week.knownSrc++;
        else week.knownBau++;
        if (code === "14" && src) week.attritionSrc++;
        if (code === "14" && !src) week.attritionBau++;
      }
      expected.set(round.week, week);
    }
    bot.clock.set(new Date("2024-08-01T09:00:00Z")); // every 90-day follow-up window has closed
    return expected;
  }

  it("draws cases randomised, delivered and attrition per week by arm, with the text table as the fallback, on a valid card", async () => {
    const expected = await runRounds();
    await bot.send(personalMessage(bot.serviceUrl, ivy, "/stats trial"));
    const card = bot.connector.lastCard() as Json;
    expect(cardSchemaErrors(card)).toEqual([]);
    expect(card.version).toBe("1.5");

    const charts = objectsIn(card.body).filter((o) => o.type === "Chart.VerticalBar.Grouped");
    expect(charts).toHaveLength(2);
    const [randomised, attrition] = charts as [Json, Json];
    const weeks = ["2024-W14", "2024-W15", "2024-W16"]; // the quiet week shows as zeros
    const quiet = { src: 0, bau: 0, delivered: 0, knownSrc: 0, attritionSrc: 0, knownBau: 0, attritionBau: 0 };
    const per = (pick: (w: typeof quiet) => number) => weeks.map((x) => ({ x, y: pick(expected.get(x) ?? quiet) }));
    expect(randomised.data).toEqual([
      expect.objectContaining({ legend: "SRC randomised", values: per((w) => w.src) }),
      expect.objectContaining({ legend: "SRC delivered", values: per((w) => w.delivered) }),
      expect.objectContaining({ legend: "BAU randomised", values: per((w) => w.bau) }),
    ]);
    expect(attrition.data).toEqual([
      expect.objectContaining({ legend: "SRC outcome known", values: per((w) => w.knownSrc) }),
      expect.objectContaining({ legend: "SRC attrition", values: per((w) => w.attritionSrc) }),
      expect.objectContaining({ legend: "BAU outcome known", values: per((w) => w.knownBau) }),
      expect.objectContaining({ legend: "BAU attrition", values: per((w) => w.attritionBau) }),
    ]);
    const total = (key: keyof typeof quiet) => [...expected.values()].reduce((sum, w) => sum + w[key], 0);
    expect(total("src") + total("bau")).toBe(16);
    expect(total("delivered")).toBeGreaterThan(0);
    expect(total("attritionSrc") + total("attritionBau")).toBeGreaterThan(0);

    // A client without Teams charts draws the weekly table instead of the first chart and nothing for the second.
    const fallback = randomised.fallback as Json;
    expect(fallback.type).toBe("Container");
    const facts = objectsIn(fallback).find((o) => o.type === "FactSet")!.facts as { title: string; value: string }[];
    expect(facts.map((f) => f.title)).toEqual([...weeks].reverse());
    const w14 = expected.get("2024-W14")!;
    expect(facts.at(-1)!.value).toContain(`randomised SRC ${w14.src}, BAU ${w14.bau} · delivered ${w14.delivered}`);
    expect(facts.at(-1)!.value).toContain(`attrition SRC ${w14.attritionSrc} of ${w14.knownSrc}, BAU ${w14.attritionBau} of ${w14.knownBau}`);
    expect(attrition.fallback).toBe("drop");
  });

  it("leaves the attrition chart off until some case has an outcome", async () => {
    for (const code of TRIAL_WARDS) await bot.send(channelMention(bot.serviceUrl, admin, `/ward bind ${code}`, { channel: WARD_CHANNEL }));
    await importCases(bot.deps, caseCsv(4, { wards: TRIAL_WARDS }));
    await bot.deps.allocation.allocate({ actor: "hcop" });
    await bot.send(personalMessage(bot.serviceUrl, ivy, "/stats trial"));
    const card = bot.connector.lastCard() as Json;
    expect(cardSchemaErrors(card)).toEqual([]);
    const charts = objectsIn(card.body).filter((o) => o.type === "Chart.VerticalBar.Grouped");
    expect(charts.map((c) => c.title)).toEqual(["Cases randomised per week, and SRC contact delivered"]);
  });
});
