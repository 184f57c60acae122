import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BotHarness } from "../../helpers/botHarness.js";
import { personalMessage, user } from "../../helpers/activities.js";
import { testProviders } from "../../helpers/testDb.js";

// /status and /stats narrowed to one basic command unit (BCU) with `bcu <name>`, as the force's units put the wards.
const WARDS = [
  { code: "E05000001", name: "Abbey", borough: "Merton", bcu: "South West", mode: "rollout" as const, enabled: true },
  { code: "E05000003", name: "Tooting", borough: "Wandsworth", bcu: "South West", mode: "rollout" as const, enabled: true },
  { code: "E05009001", name: "Bow West", borough: "Tower Hamlets", bcu: "Central East", mode: "rollout" as const, enabled: true },
];
const hcop = user(1, "Hana HCOP");
const inspector = user(2, "Ian Inspector");
const supervisor = user(3, "Sue Supervisor");

describe.each(testProviders())("the bcu filter of /status and /stats (%s)", (provider) => {
  let bot: BotHarness;
  beforeAll(async () => {
    bot = await BotHarness.start(provider);
    const imported = await bot.deps.wards.importWards(WARDS, "test");
    expect(imported).not.toHaveProperty("ok", false);
    await bot.deps.roles.grant({ aadObjectId: hcop.aadObjectId }, "hcop", "test");
    await bot.deps.roles.grant({ aadObjectId: inspector.aadObjectId }, "inspector", "test");
    await bot.deps.roles.grant({ aadObjectId: supervisor.aadObjectId }, "supervisor", "test");
    expect((await bot.deps.wards.supervise("E05009001", supervisor.aadObjectId, "test")).ok).toBe(true);
  });
  afterAll(() => bot.stop());

  async function answer(from: typeof hcop, typed: string): Promise<string> {
    bot.connector.clear();
    expect((await bot.send(personalMessage(bot.serviceUrl, from, typed))).status).toBe(200);
    const text = bot.connector.lastText();
    return text ? text : JSON.stringify(bot.connector.lastCard());
  }

  it("shows only the BCU's wards, under its name, whatever the case typed", async () => {
    const card = await answer(hcop, "/status bcu south west");
    expect(card).toContain("BCU South West");
    // No referrals yet: the card counts the BCU's two wards as quiet, and the third ward is nowhere.
    expect(card).toContain("2 other wards had no referrals in this period.");
    expect(card).not.toContain("Bow West");
  });

  it("answers an unknown BCU with the known ones, in /status and /stats alike", async () => {
    const known = 'Unknown BCU "North". Known BCUs: Central East, South West.';
    expect(await answer(hcop, "/status bcu North")).toContain(known);
    expect(await answer(inspector, "/stats bcu North")).toContain(known);
  });

  it("gives /stats for one BCU", async () => {
    expect(await answer(inspector, "/stats trial bcu Central East")).toContain("BCU Central East");
  });

  it("tells a supervisor a BCU holds none of their wards", async () => {
    expect(await answer(supervisor, "/status bcu South West")).toContain("None of your wards is in BCU South West. You supervise Bow West (E05009001).");
    const own = await answer(supervisor, "/status bcu Central East");
    expect(own).toContain("Your wards in BCU Central East: Bow West (E05009001)");
  });
});
