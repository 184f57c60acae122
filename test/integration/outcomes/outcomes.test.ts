import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotHarness } from "../../helpers/botHarness.js";
import { personalMessage, user } from "../../helpers/activities.js";
import { testProviders } from "../../helpers/testDb.js";
import { caseCsv, importCases, seedWards } from "../../helpers/seed.js";
import { newApiKey } from "../../../src/server/apiKeys.js";

const hcop = user(3, "Hana HCOP");
const officer = user(1, "Olu Officer");
const key = newApiKey("cms");

describe.each(testProviders())("case outcomes (%s)", (provider) => {
  let bot: BotHarness;
  beforeEach(async () => {
    bot = await BotHarness.start(provider, { INTAKE_API_KEY_HASHES: key.configEntry, OUTCOME_LOCAL_CODES: "1b" });
    await seedWards(bot.deps);
    await importCases(bot.deps, caseCsv(3));
    await bot.deps.roles.grant({ aadObjectId: hcop.aadObjectId }, "hcop", "test");
    await bot.deps.roles.grant({ aadObjectId: officer.aadObjectId }, "officer", "test");
    // Outcomes come later than intake: dates after this would be in the future.
    bot.clock.set(new Date("2024-04-10T12:00:00Z"));
  });
  afterEach(() => bot.stop());

  const importOutcomes = (csv: string, skipInvalid = false) => bot.deps.outcomes.importCsv([csv], { actor: "test", source: "test", skipInvalid });
  const outcomeOf = async (crimeRef: string) => {
    const caseId = (await bot.db.store.repos.cases.idsByRefs([crimeRef])).get(crimeRef);
    if (caseId === undefined) throw new Error(`no case ${crimeRef}`);
    return bot.db.store.repos.outcomes.get(caseId);
  };
  /** The outcome of each of the three cases imported: none until an import is written. */
  const outcomes = () => Promise.all(["1000000/24", "1000001/24", "1000002/24"].map(outcomeOf));

  it("records outcomes all or nothing, with every problem named", async () => {
    const bad = await importOutcomes("crime_ref,outcome_code,outcome_date\n1000000/24,14,05/04/2024\n1000001/24,19,05/04/2024\n7777777/24,16,2024-04-05\n");
    expect(bad.written).toBe(false);
    expect(bad.problems.map((p) => [p.row, p.column])).toEqual([[2, "outcome_code"]]);
    expect(await outcomes()).toEqual([undefined, undefined, undefined]);
    const unknown = await importOutcomes("crime_ref,outcome_code,outcome_date\n1000000/24,14,05/04/2024\n7777777/24,16,2024-04-05\n");
    expect(unknown).toMatchObject({ written: false, problems: [{ row: 2, column: "crime_ref", expected: "a crime reference Reassure has received" }] });
    expect(await outcomes()).toEqual([undefined, undefined, undefined]);
    const good = await importOutcomes("crime_ref,outcome_code,outcome_date\n1000000/24,14,05/04/2024\n1000001/24,1B,2024-04-06\n");
    expect(good).toMatchObject({ written: true, recorded: 2, corrected: 0 });
    expect(await outcomeOf("1000001/24")).toMatchObject({ code: "1B", outcomeDate: new Date("2024-04-05T23:00:00Z") });
  });

  it("keeps the old value in the event log when an outcome is corrected; the same again changes nothing", async () => {
    await importOutcomes("crime_ref,outcome_code,outcome_date\n1000000/24,14,05/04/2024\n");
    const corrected = await importOutcomes("crime_ref,outcome_code,outcome_date\n1000000/24,1,07/04/2024\n");
    expect(corrected).toMatchObject({ written: true, corrected: 1 });
    expect(await importOutcomes("crime_ref,outcome_code,outcome_date\n1000000/24,1,07/04/2024\n")).toMatchObject({ unchanged: 1 });
    const events = (await bot.db.store.repos.events.forSubject("case", "1000000/24")).filter((e) => e.action.startsWith("outcome."));
    expect(events).toMatchObject([
      { action: "outcome.recorded", details: { code: "14" } },
      { action: "outcome.corrected", details: { code: "1", previousCode: "14", previousDate: "2024-04-04T23:00:00.000Z" } },
    ]);
  });

  it("records an outcome with /outcome for the HCOP, and refuses an officer", async () => {
    await bot.send(personalMessage(bot.serviceUrl, officer, "/outcome 1000002/24 16"));
    expect(bot.connector.lastText()).toBe("Only hcop can use /outcome. You have officer.");
    await bot.send(personalMessage(bot.serviceUrl, hcop, "/outcome 1000002/24 99"));
    expect(bot.connector.lastText()).toMatch(/^Nothing recorded: outcome_code: "99" — expected an outcome code: 1, 1A, 2/);
    await bot.send(personalMessage(bot.serviceUrl, hcop, "/outcome 1000002/24 16 03/04/2024"));
    expect(bot.connector.lastText()).toBe("Recorded outcome 16 for 1000002/24.");
    expect(await outcomeOf("1000002/24")).toEqual({ code: "16", outcomeDate: new Date("2024-04-02T23:00:00Z") });
    // Who recorded it, and where: the event log is the attributable record.
    const [recorded] = (await bot.db.store.repos.events.forSubject("case", "1000002/24")).filter((e) => e.action.startsWith("outcome."));
    expect(recorded).toMatchObject({ action: "outcome.recorded", actor: hcop.aadObjectId, details: { code: "16", source: "chat" } });
  });

  it("accepts outcomes on the intake API as JSON", async () => {
    const response = await fetch(`${bot.server.url}/api/outcomes`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key.key}` },
      body: JSON.stringify([{ crime_ref: "1000000/24", outcome_code: "16", outcome_date: "2024-04-05" }]),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ recorded: 1, written: true });
    const refused = await fetch(`${bot.server.url}/api/outcomes`, { method: "POST", headers: { "content-type": "application/json" }, body: "[]" });
    expect(refused.status).toBe(401);
  });
});
