import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotHarness, ADMIN_AAD } from "../../helpers/botHarness.js";
import { channelMention, personalMessage, user } from "../../helpers/activities.js";
import { cardSchemaErrors } from "../../helpers/cardSchema.js";
import { runCli } from "../../helpers/cli.js";
import { caseCsv, importCases, seedWards } from "../../helpers/seed.js";
import { testProviders } from "../../helpers/testDb.js";
import { allocations, referral, referralFacts, referralOf, writeOutcome } from "../../helpers/records.js";
import type { Caller } from "../../../src/domain/people/roles.js";
import { completionForm } from "../../helpers/contactForms.js";

const WARD_CHANNEL = { id: "19:snt@thread.tacv2", name: "South West SNTs" };
const TRIAL_WARDS = ["E05000001", "E05000002", "E05000003"];
const ROLLOUT_WARD = "E05000004";
const admin = { id: "29:admin", name: "Alex Admin", aadObjectId: ADMIN_AAD };
const olu = user(1, "Olu Officer");
const hana = user(3, "Hana HCOP");
const ivy = user(5, "Ivy Inspector");
const DAY = 86_400_000;

const caller = (who: typeof olu): Caller => ({ aadObjectId: who.aadObjectId, teamsUserId: who.id, displayName: who.name, roles: new Set(["officer"]) });
const completion = { method: "phone", contactDate: "2024-04-03", contactTime: "10:00", riskAssessment: "already_done", supportReferral: "none", wantsStatement: "no" };

/** What the test itself decided for each randomised case, to check the report against. */
interface Planned {
  arm: "SRC" | "BAU";
  delivered: boolean;
  code: string | undefined;
}

describe.each(testProviders())("/stats and reassure stats (%s)", (provider) => {
  let bot: BotHarness;

  beforeEach(async () => {
    bot = await BotHarness.start(provider);
    await seedWards(bot.deps);
    for (const [who, role] of [[olu, "officer"], [hana, "hcop"], [ivy, "inspector"]] as const) {
      await bot.deps.roles.grant({ aadObjectId: who.aadObjectId, displayName: who.name }, role, "test");
    }
  });
  afterEach(() => bot.stop());

  /**
   * 30 cases over the five wards (6 each: three trial wards, one rollout, one off) and one non-crime incident; allocated
   * on Tue 2 Apr 2024; SRC referrals posted, the first three completed and the fourth claimed; outcomes written for
   * most randomised cases; one BAU case excluded after randomisation.
   */
  async function runTrial(): Promise<Planned[]> {
    for (const code of [...TRIAL_WARDS, ROLLOUT_WARD]) await bot.send(channelMention(bot.serviceUrl, admin, `/ward bind ${code}`, { channel: WARD_CHANNEL }));
    await importCases(bot.deps, caseCsv(30, { extra: ["1999999/24,2024-03-01T08:00:00Z,E05000001,incident,harassment"] }));
    await bot.deps.allocation.allocate({ actor: hana.aadObjectId });
    await bot.worker.drain();

    const randomised = (await allocations(bot.db.store)).filter((a) => a.method === "randomised").sort((a, b) => a.caseId - b.caseId);
    const src = randomised.filter((a) => a.arm === "SRC");
    const bau = randomised.filter((a) => a.arm === "BAU");
    bot.clock.set(new Date("2024-04-03T12:00:00Z"));
    for (const [i, a] of src.slice(0, 4).entries()) {
      const referred = await referralOf(bot.db.store, a.crimeRef);
      expect((await bot.deps.referrals.claim(referred.id, referred.version, caller(olu))).kind).toBe("changed");
      if (i < 3) expect((await bot.deps.referrals.complete(referred.id, referred.version + 1, caller(olu), completionForm(completion))).kind).toBe("changed");
    }
    const rolloutReferral = await referral(bot.db.store, (await referralFacts(bot.db.store)).find((f) => f.wardCode === ROLLOUT_WARD)!.referralId);
    await bot.deps.referrals.claim(rolloutReferral.id, rolloutReferral.version, caller(olu));
    await bot.deps.referrals.complete(rolloutReferral.id, rolloutReferral.version + 1, caller(olu), completionForm(completion));
    await bot.deps.allocation.exclude(bau[0]!.crimeRef, "duplicate of another report", hana.aadObjectId);

    // SRC: 0 attrition, 1 charge, 2 other, 3 (claimed) no outcome, then alternately attrition and other.
    // BAU: every third attrition, the rest a positive outcome (2); the last has attrition dated after the window.
    const plan: Planned[] = [];
    const write = async (caseId: number, allocatedAt: Date, code: string, days: number) =>
      writeOutcome(bot.db.store, caseId, { code, outcomeDate: new Date(allocatedAt.getTime() + days * DAY) }, bot.clock.now());
    for (const [i, a] of src.entries()) {
      const code = i === 0 ? "14" : i === 1 ? "1" : i === 2 ? "18" : i === 3 ? undefined : i % 2 === 0 ? "16" : "18";
      if (code) await write(a.caseId, a.allocatedAt, code, 10);
      plan.push({ arm: "SRC", delivered: i < 3, code });
    }
    for (const [i, a] of bau.entries()) {
      const last = i === bau.length - 1;
      const code = last || i % 3 === 0 ? "14" : "2";
      await write(a.caseId, a.allocatedAt, code, last ? 120 : 10);
      plan.push({ arm: "BAU", delivered: false, code: last ? undefined : code });
    }
    // Every follow-up window (90 days from 2 Apr) has closed.
    bot.clock.set(new Date("2024-08-01T09:00:00Z"));
    return plan;
  }

  const count = (plan: Planned[], arm: "SRC" | "BAU", test: (p: Planned) => boolean) => plan.filter((p) => p.arm === arm && test(p)).length;
  const attrition = (p: Planned) => p.code === "14" || p.code === "16";

  async function stats(who: typeof ivy, args = "") {
    await bot.send(personalMessage(bot.serviceUrl, who, `/stats ${args}`.trim()));
    return bot.connector.lastCard();
  }

  it("shows an inspector the trial's flow and outcomes on a valid card, the same as reassure stats --json", async () => {
    const plan = await runTrial();
    const nSrc = count(plan, "SRC", () => true);
    const nBau = count(plan, "BAU", () => true);
    expect(nSrc + nBau).toBe(18);
    const analysedSrc = count(plan, "SRC", (p) => p.code !== undefined);
    const analysedBau = count(plan, "BAU", (p) => p.code !== undefined);
    const eventsSrc = count(plan, "SRC", attrition);
    const eventsBau = count(plan, "BAU", attrition);

    const card = await stats(ivy, "trial");
    expect(cardSchemaErrors(card)).toEqual([]);
    const text = JSON.stringify(card);
    expect(text).toContain("31 cases received");
    // The incident is not eligible; the off ward's six cases are eligible but not allocated.
    expect(text).toContain("1 not eligible (1 non-crime hate incident); 6 eligible, not allocated yet");
    expect(text).toContain("6 referred without randomisation, 1 delivered: outside the trial analysis");
    expect(text).toContain(`"title":"Randomised","value":"18"`);
    expect(text).toContain(`${nSrc} allocated · delivered 3 · not delivered ${nSrc - 3} (1 claimed, contact not yet made, ${nSrc - 4} unclaimed or released)`);
    expect(text).toContain(`${nBau} allocated (1 excluded after randomisation, still analysed)`);
    expect(text).toContain(`Delivery: 3 of ${nSrc} randomised SRC cases received contact`);
    expect(text).toContain(`(${eventsSrc} of ${analysedSrc})`);
    expect(text).toContain(`(${eventsBau} of ${analysedBau})`);
    expect(text).toContain(`no outcome within 90 days 1 → analysed ${analysedSrc}`);
    expect(text).toContain(`no outcome within 90 days 1 → analysed ${analysedBau}`);
    expect(text).toContain("Trial statistics");
    expect(text).toContain("2024-W14");
    expect(text).not.toMatch(/\d{7}\/24/); // no crime reference on the statistics card

    const cli = await runCli(["stats", "--json"], { DATABASE_URL: bot.db.url, LOG_LEVEL: "silent" });
    expect(cli.stderr).toBe("");
    expect(cli.code).toBe(0);
    const report = JSON.parse(cli.stdout);
    expect(report.flow).toMatchObject({
      assessed: 31,
      ineligible: { total: 1 },
      notAllocated: 6,
      rollout: { allocated: 6, delivered: 1 },
      randomised: 18,
      src: { allocated: nSrc, delivered: 3, analysed: analysedSrc, censored: 1, notDelivered: { total: nSrc - 3, stillOpen: 1, unclaimed: nSrc - 4 } },
      bau: { allocated: nBau, analysed: analysedBau, censored: 1, excludedAfterRandomisation: 1 },
    });
    expect(report.outcomes.attrition.src).toEqual({ events: eventsSrc, n: analysedSrc });
    expect(report.outcomes.attrition.bau).toEqual({ events: eventsBau, n: analysedBau });
    expect(report.outcomes.charge.src).toEqual({ events: 1, n: analysedSrc });
    expect(report.outcomes.positive.bau).toEqual({ events: count(plan, "BAU", (p) => p.code === "2"), n: analysedBau });
  });

  it("narrows to a week or a ward", async () => {
    const plan = await runTrial();
    const inApril = JSON.stringify(await stats(ivy, "week 2024-W14"));
    expect(inApril).toContain("Week 2024-W14: Mon 1 Apr 2024 – Sun 7 Apr 2024");
    expect(inApril).toContain(`"title":"Randomised","value":"18"`);
    expect(JSON.stringify(await stats(ivy, "week 2024-W15"))).toContain(`"title":"Randomised","value":"0"`);

    const tooting = (await allocations(bot.db.store, { wardCodes: ["E05000003"] })).filter((a) => a.method === "randomised").length;
    expect(tooting).toBe(6);
    const ward = JSON.stringify(await stats(hana, "trial ward E05000003"));
    expect(ward).toContain("Ward Tooting (E05000003)");
    expect(ward).toContain(`"title":"Randomised","value":"6"`);
    expect(plan).toHaveLength(18);
  });

  it("refuses an officer, and explains a bad period", async () => {
    await bot.send(personalMessage(bot.serviceUrl, olu, "/stats"));
    expect(bot.connector.lastText()).toContain("Only inspector or hcop can use /stats");
    await bot.send(personalMessage(bot.serviceUrl, ivy, "/stats week 2023-W53"));
    expect(bot.connector.lastText()).toContain("2023 has no week 53");
    await bot.send(personalMessage(bot.serviceUrl, ivy, "/stats borough Atlantis"));
    expect(bot.connector.lastText()).toContain('Unknown borough "Atlantis"');
  });
});
