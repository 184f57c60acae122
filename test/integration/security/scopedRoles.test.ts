import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_AAD, BotHarness } from "../../helpers/botHarness.js";
import { cardAction, channelMention, personalMessage, user, type TestUser } from "../../helpers/activities.js";
import { caseCsv, importCases } from "../../helpers/seed.js";
import { testProviders } from "../../helpers/testDb.js";
import { allocations, events, referralOf } from "../../helpers/records.js";

// docs/PERMISSIONS.md, "Where a role holds": every row of its table is driven here through the real bot, by an HCOP or
// inspector of BCU South West — once within their BCU (the normal answer) and once on Central East (the refusal, and
// not one event written).

const SECTION = "## Where a role holds";
const section = readFileSync(new URL("../../../docs/PERMISSIONS.md", import.meta.url), "utf8").split(SECTION)[1]!.split("\n## ")[0]!;
const rows = section
  .split("\n")
  .filter((line) => line.startsWith("| ") && !line.startsWith("| Command") && !line.startsWith("|---"))
  .map((line) => line.split("|")[1]!.trim());

const MINE = { code: "E05000003", name: "Tooting" };
const THEIRS = { code: "E05009001", name: "Bow West" };
const WARDS = [
  { code: "E05000001", name: "Abbey", borough: "Merton", bcu: "South West", mode: "rollout" as const, enabled: true },
  { code: MINE.code, name: MINE.name, borough: "Wandsworth", bcu: "South West", mode: "rollout" as const, enabled: true },
  { code: THEIRS.code, name: THEIRS.name, borough: "Tower Hamlets", bcu: "Central East", mode: "rollout" as const, enabled: true },
];
const CHANNELS = { [MINE.code]: { id: "19:tooting@thread.tacv2", name: "Tooting SNT" }, [THEIRS.code]: { id: "19:bowwest@thread.tacv2", name: "Bow West SNT" } };
const REF_MINE = "1000000/24";
const REF_THEIRS = "1000001/24";
const admin: TestUser = { id: "29:admin", name: "Alex Admin", aadObjectId: ADMIN_AAD };
const hcop = user(1, "Hana HCOP");
const inspector = user(2, "Ian Inspector");
const olu = user(3, "Olu Officer");

describe.each(testProviders())("roles held for one BCU: docs/PERMISSIONS.md against the running bot (%s)", (provider) => {
  let bot: BotHarness;
  beforeAll(async () => {
    bot = await BotHarness.start(provider);
    expect(await bot.deps.wards.importWards(WARDS, "test")).not.toHaveProperty("ok", false);
    expect(await bot.deps.roles.grant({ aadObjectId: hcop.aadObjectId, displayName: hcop.name }, "hcop", "test", "South West")).toBe("granted");
    expect(await bot.deps.roles.grant({ aadObjectId: inspector.aadObjectId }, "inspector", "test", "South West")).toBe("granted");
    await bot.deps.roles.grant({ aadObjectId: olu.aadObjectId, displayName: olu.name }, "officer", "test");
    for (const ward of [MINE, THEIRS]) await bot.send(channelMention(bot.serviceUrl, admin, `/ward bind ${ward.code}`, { channel: CHANNELS[ward.code]! }));
    // One case in each BCU: Tooting's first, then Bow West's.
    await importCases(bot.deps, caseCsv(2, { wards: [MINE.code, THEIRS.code] }));
  });
  afterAll(() => bot.stop());

  async function say(from: TestUser, typed: string): Promise<string> {
    bot.connector.clear();
    expect((await bot.send(personalMessage(bot.serviceUrl, from, typed))).status).toBe(200);
    return bot.connector.lastText() || JSON.stringify(bot.connector.lastCard());
  }

  /** The refusal, and proof that nothing was written: the event log is as long as before. */
  async function refused(from: TestUser, typed: string, expected: string): Promise<void> {
    const before = (await events(bot.db.store)).length;
    expect(await say(from, typed)).toContain(expected);
    expect((await events(bot.db.store)).length).toBe(before);
  }

  async function click(who: TestUser, verb: string, crimeRef: string) {
    const referral = await referralOf(bot.db.store, crimeRef);
    const card = (await bot.deps.referrals.cardOf(referral.id))!;
    const { body } = await bot.send(cardAction(bot.serviceUrl, who, { verb, data: { verb, referralId: referral.id, version: referral.version } }, { channelId: card.channelId, activityId: card.activityId }));
    return JSON.stringify(body);
  }

  const SCENARIOS: Record<string, () => Promise<void>> = {
    "`/allocate`": async () => {
      await refused(hcop, `/allocate ${REF_THEIRS}`, `${REF_THEIRS} (Central East) is outside the BCUs you are HCOP for (South West). Nothing was changed.`);
      await say(hcop, "/allocate");
      expect((await allocations(bot.db.store)).map((a) => a.wardCode)).toEqual([MINE.code]);
      // The force-wide admin's view: the other BCU's case is still waiting, for its own HCOP.
      await bot.deps.allocation.allocate({ actor: "test" });
      await bot.worker.drain();
    },
    "`/outcome`": async () => {
      await refused(hcop, `/outcome ${REF_THEIRS} 16`, `${REF_THEIRS} (Central East) is outside the BCUs you are HCOP for (South West). Nothing was changed.`);
      expect(await say(hcop, `/outcome ${REF_MINE} 16`)).toBe(`Recorded outcome 16 for ${REF_MINE}.`);
    },
    "`/status`": async () => {
      await refused(hcop, "/status bcu Central East", "None of your wards is in BCU Central East. Your role covers South West.");
      await refused(hcop, `/status ward ${THEIRS.code}`, `${THEIRS.name} (${THEIRS.code}) is not one of your wards, so its figures are not shown. Your role covers South West.`);
      const card = await say(hcop, "/status");
      expect(card).toContain(MINE.name);
      expect(card).not.toContain(THEIRS.name);
    },
    "`/stats`": async () => {
      await refused(inspector, "/stats trial bcu Central East", "BCU Central East is outside your BCU, so its figures are not shown. Your role covers South West.");
      await refused(inspector, `/stats trial ward ${THEIRS.code}`, "is outside your BCU, so its figures are not shown. Your role covers South West.");
      expect(await say(inspector, "/stats trial")).toContain("BCU South West");
    },
    "`/ward bind`, `unbind`, `mode`, `sla`, `supervise`": async () => {
      for (const command of [`/ward mode ${THEIRS.code} off`, `/ward unbind ${THEIRS.code}`, `/ward sla ${THEIRS.code} 4 2`, `/ward supervise ${THEIRS.code} ${olu.aadObjectId}`]) {
        await refused(hcop, command, `${THEIRS.code} ${THEIRS.name} is in Central East; your hcop role is for South West. Nothing was changed.`);
      }
      const before = (await events(bot.db.store)).length;
      await bot.send(channelMention(bot.serviceUrl, hcop, `/ward bind ${THEIRS.code}`, { channel: CHANNELS[THEIRS.code]! }));
      expect(bot.connector.lastText()).toContain(`${THEIRS.code} ${THEIRS.name} is in Central East; your hcop role is for South West.`);
      expect((await events(bot.db.store)).length).toBe(before);
      expect(await say(hcop, `/ward mode ${MINE.code} trial`)).toBe(`${MINE.code} ${MINE.name}: mode rollout → trial.`);
    },
    "`/coordination bind`, `/inspectors bind`": async () => {
      const channel = { id: "19:sw-coordination@thread.tacv2", name: "South West HCOP" };
      const bind = async (typed: string) => {
        bot.connector.clear();
        await bot.send(channelMention(bot.serviceUrl, hcop, typed, { channel }));
        return bot.connector.lastText();
      };
      const before = (await events(bot.db.store)).length;
      expect(await bind("/coordination bind bcu Central East")).toBe("You are HCOP for South West, not Central East: its HCOP or an admin binds its channel. Nothing was changed.");
      expect(await bind("/inspectors bind bcu Central East")).toBe("You are HCOP for South West, not Central East: its HCOP or an admin binds its channel. Nothing was changed.");
      expect((await events(bot.db.store)).length).toBe(before);
      expect(await bind("/coordination bind")).toBe("Reassure's alerts, escalations and the daily digest for South West will be posted in this channel.");
      expect(await bot.db.store.repos.settings.get("coordination-channel:South West")).toContain(channel.id);
      expect(await bot.db.store.repos.settings.get("coordination-channel")).toBeUndefined();
    },
    "Release, Reassign (card buttons)": async () => {
      bot.connector.clear();
      for (const crimeRef of [REF_MINE, REF_THEIRS]) {
        const referral = await referralOf(bot.db.store, crimeRef);
        expect((await bot.deps.referrals.claim(referral.id, referral.version, { aadObjectId: olu.aadObjectId, teamsUserId: olu.id, displayName: olu.name, roles: new Set(["officer"]) })).kind).toBe("changed");
      }
      await bot.worker.drain();
      // Their own view of a card (Universal Actions refresh) goes to the HCOPs of the card's BCU, not to another's.
      const audience = (crimeRef: string) => bot.connector.updates().find((u) => JSON.stringify(u.card).includes(crimeRef))!.card.refresh?.userIds ?? [];
      expect(audience(REF_MINE)).toContain(hcop.id);
      expect(audience(REF_THEIRS)).not.toContain(hcop.id);
      const before = (await events(bot.db.store)).length;
      for (const verb of ["release", "reassignForm"]) {
        const answer = await click(hcop, verb, REF_THEIRS);
        expect(answer).toContain(`${THEIRS.name} is in Central East, outside the BCUs you are HCOP for`);
      }
      expect((await referralOf(bot.db.store, REF_THEIRS)).status).toBe("claimed");
      expect((await events(bot.db.store)).filter((e) => e.action !== "referral.action_refused").length).toBe(before);
      await click(hcop, "release", REF_MINE);
      expect((await referralOf(bot.db.store, REF_MINE)).status).toBe("posted");
    },
  };

  it("grants, lists and revokes a role for one BCU through /role; refuses an unknown BCU and a BCU for a force-wide role", async () => {
    const ivy = user(7, "Ivy Inspector");
    await refused(admin, `/role grant ${ivy.aadObjectId} inspector bcu North`, 'There is no BCU called "North". Known BCUs: Central East, Default BCU, South West. Nothing was changed.');
    await refused(admin, `/role grant ${ivy.aadObjectId} admin bcu South West`, "The admin role is force-wide: only hcop and inspector roles are held for one BCU. Nothing was changed.");
    expect(await say(admin, `/role grant ${ivy.aadObjectId} inspector bcu Central East`)).toBe(`${ivy.aadObjectId} is now inspector (Central East).`);
    expect(await say(admin, "/role list")).toContain(`\`${ivy.aadObjectId}\` — inspector (Central East)`);
    expect(await say(ivy, "/stats trial")).toContain("BCU Central East");
    expect(await say(admin, `/role revoke ${ivy.aadObjectId} inspector`)).toBe(`${ivy.aadObjectId} does not have the inspector role; nothing changed.`);
    expect(await say(admin, `/role revoke ${ivy.aadObjectId} inspector bcu Central East`)).toBe(`${ivy.aadObjectId} no longer has the inspector (Central East) role.`);
  });

  it("has a scenario for every row of the table, and a row for every scenario", () => {
    expect(rows.sort()).toEqual(Object.keys(SCENARIOS).sort());
  });

  it.each(Object.keys(SCENARIOS))("%s: within the BCU as usual, another BCU refused with nothing written", async (row) => {
    await SCENARIOS[row]!();
  });
});
