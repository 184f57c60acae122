import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobs } from "../../../src/jobs.js";
import { ADMIN_AAD, BotHarness } from "../../helpers/botHarness.js";
import { channelMention, user, type TestUser } from "../../helpers/activities.js";
import { caseCsv, importCases } from "../../helpers/seed.js";
import { testProviders } from "../../helpers/testDb.js";

// A BCU with its own coordination channel gets its wards' alerts and a daily digest of its own there; the force's
// channel keeps the rest (wards of BCUs without a channel of their own) and the force's digest.

const WARDS = [
  { code: "E05000001", name: "Abbey", borough: "Merton", bcu: "South West", mode: "rollout" as const, enabled: true },
  { code: "E05009001", name: "Bow West", borough: "Tower Hamlets", bcu: "Central East", mode: "rollout" as const, enabled: true },
];
const FORCE = { id: "19:force-coordination@thread.tacv2", name: "Force HCOPs" };
const SOUTH_WEST = { id: "19:sw-coordination@thread.tacv2", name: "South West HCOP" };
const admin: TestUser = { id: "29:admin", name: "Alex Admin", aadObjectId: ADMIN_AAD };
const hcop = user(1, "Hana HCOP");

describe.each(testProviders())("coordination channels of the force and of a BCU (%s)", (provider) => {
  let bot: BotHarness;
  beforeAll(async () => {
    bot = await BotHarness.start(provider);
    await bot.deps.wards.importWards(WARDS, "test");
    await bot.deps.roles.grant({ aadObjectId: hcop.aadObjectId }, "hcop", "test", "South West");
    await bot.send(channelMention(bot.serviceUrl, admin, "/coordination bind", { channel: FORCE }));
    expect(bot.connector.lastText()).toBe("Reassure's alerts, escalations and the daily digest will be posted in this channel.");
    await bot.send(channelMention(bot.serviceUrl, hcop, "/coordination bind", { channel: SOUTH_WEST }));
    expect(bot.connector.lastText()).toBe("Reassure's alerts, escalations and the daily digest for South West will be posted in this channel.");
  });
  afterAll(() => bot.stop());

  /** What the bot said in a channel since the last clear, as text. */
  const saidIn = (channel: { id: string }) =>
    bot.connector
      .sent()
      .filter((r) => r.conversationId === channel.id)
      .map((r) => JSON.stringify(r.body));

  it("tells each BCU's channel about its own wards, and the force's about wards of BCUs without one", async () => {
    bot.connector.clear();
    // Neither ward is bound: each referral waits, and its ward's HCOPs are told.
    await importCases(bot.deps, caseCsv(2, { wards: ["E05000001", "E05009001"] }));
    await bot.deps.allocation.allocate({ actor: "test" });
    await bot.worker.drain();
    const southWest = saidIn(SOUTH_WEST);
    const force = saidIn(FORCE);
    expect(southWest).toHaveLength(1);
    expect(southWest[0]).toContain("E05000001");
    expect(force).toHaveLength(1);
    expect(force[0]).toContain("E05009001");
  });

  it("posts the force's daily digest to the force's channel and the BCU's own to the BCU's", async () => {
    bot.connector.clear();
    bot.clock.set(new Date("2024-04-03T07:00:00Z"));
    await createJobs(bot.deps).find((job) => job.name === "daily-digest")!.run(new Date("2024-04-03T06:30:00Z"));
    await bot.worker.drain();
    const [forceDigest] = saidIn(FORCE);
    const [southWestDigest] = saidIn(SOUTH_WEST);
    expect(forceDigest).toContain("Reassure daily digest — Tuesday 2 April 2024");
    expect(forceDigest).toContain('"Flagged cases received","value":"2 (2 eligible)"');
    expect(southWestDigest).toContain("Reassure daily digest — South West — Tuesday 2 April 2024");
    expect(southWestDigest).toContain('"Flagged cases received","value":"1 (1 eligible)"');
    expect(saidIn(FORCE)).toHaveLength(1);
    expect(saidIn(SOUTH_WEST)).toHaveLength(1);
  });
});
