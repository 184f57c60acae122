import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BotHarness } from "../../helpers/botHarness.js";
import { personalMessage, user } from "../../helpers/activities.js";
import { cardSchemaErrors } from "../../helpers/cardSchema.js";
import { testProviders } from "../../helpers/testDb.js";
import { caseCsv, importCases, seedWards } from "../../helpers/seed.js";
import { allocations, countReferrals } from "../../helpers/records.js";

const hcop = user(3, "Hana HCOP");
const officer = user(1, "Olu Officer");

describe.each(testProviders())("/allocate in chat (%s)", (provider) => {
  let bot: BotHarness;
  beforeAll(async () => {
    bot = await BotHarness.start(provider);
    await seedWards(bot.deps);
    await bot.deps.roles.grant({ aadObjectId: hcop.aadObjectId }, "hcop", "test");
    await bot.deps.roles.grant({ aadObjectId: officer.aadObjectId }, "officer", "test");
    await importCases(bot.deps, caseCsv(10));
  });
  afterAll(() => bot.stop());

  it("is denied to an officer, who changes nothing", async () => {
    await bot.send(personalMessage(bot.serviceUrl, officer, "/allocate"));
    expect(bot.connector.lastText()).toBe("Only hcop can use /allocate. You have officer.");
    expect(await allocations(bot.db.store)).toEqual([]);
  });

  it("refuses a malformed reference without allocating anything", async () => {
    await bot.send(personalMessage(bot.serviceUrl, hcop, "/allocate 12/24; DROP TABLE"));
    expect(bot.connector.lastText()).toMatch(/^"12\/24;" is not a crime reference\. Usage: \/allocate/);
    expect(await allocations(bot.db.store)).toEqual([]);
  });

  it("allocates for the HCOP and answers with a card of counts, referred references and reasons", async () => {
    await bot.send(personalMessage(bot.serviceUrl, hcop, "/allocate"));
    const card = bot.connector.lastCard();
    expect(cardSchemaErrors(card)).toEqual([]);
    const rows = await allocations(bot.db.store);
    expect(rows).toHaveLength(8);
    const text = JSON.stringify(card);
    const randomised = rows.filter((r) => r.method === "randomised");
    const src = randomised.filter((r) => r.arm === "SRC").length;
    expect(text).toContain(`8 allocated: ${src} SRC and ${randomised.length - src} BAU by randomisation, 2 SRC in rollout wards.`);
    for (const r of rows.filter((x) => x.arm === "SRC")) expect(text).toContain(r.crimeRef);
    for (const r of rows.filter((x) => x.arm === "BAU")) expect(text).not.toContain(r.crimeRef);
    expect(text).toContain("ward E05000005 is off");
    expect(text).not.toMatch(/public order|blockSize|seed/i);
    expect(await countReferrals(bot.db.store, "to_post")).toBe(src + 2);
  });

  it("says a repeated /allocate for a reference is already allocated", async () => {
    await bot.send(personalMessage(bot.serviceUrl, hcop, "/allocate 1000000/24"));
    expect(JSON.stringify(bot.connector.lastCard())).toContain("already allocated: an allocation is never redone");
    expect(await allocations(bot.db.store)).toHaveLength(8);
  });
});
