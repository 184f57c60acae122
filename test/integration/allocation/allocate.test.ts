import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotHarness } from "../../helpers/botHarness.js";
import { testProviders } from "../../helpers/testDb.js";
import { caseCsv, importCases, seedWards, WARDS } from "../../helpers/seed.js";
import { openStore } from "../../../src/store/prismaStore.js";
import { AllocationService } from "../../../src/domain/allocation/allocationService.js";
import { TRIAL_ID } from "../../../src/domain/allocation/trial.js";
import { allocations, referrals } from "../../helpers/records.js";

const trialWards = WARDS.filter((w) => w.mode === "trial").map((w) => w.code);

describe.each(testProviders())("allocation (%s)", (provider) => {
  let bot: BotHarness;
  beforeEach(async () => {
    bot = await BotHarness.start(provider);
    await seedWards(bot.deps);
  });
  afterEach(() => bot.stop());

  /** The trial's randomisation list: stratum, sequence index and arm of each randomised allocation, in order. */
  const randomisedList = () => bot.db.store.repos.allocations.randomised(TRIAL_ID);

  it("randomises trial wards, refers rollout wards, leaves off wards pending, and creates referrals to post", async () => {
    await importCases(bot.deps, caseCsv(50));
    const report = await bot.deps.allocation.allocate({ actor: "hcop-1" });
    expect(report.allocated).toHaveLength(40);
    expect(report.notAllocated).toHaveLength(10);
    expect(report.notAllocated[0]).toMatchObject({ wardCode: "E05000005", reason: expect.stringMatching(/^ward E05000005 is off/) });
    const rows = await allocations(bot.db.store);
    const rollout = rows.filter((r) => r.method === "rollout");
    expect(rollout).toHaveLength(10);
    expect(rollout.every((r) => r.arm === "SRC" && r.stratum === undefined)).toBe(true);
    expect(rows.filter((r) => r.method === "randomised")).toHaveLength(30);
    // The trial's list holds the randomised cases only: rollout cases take no place in a stratum's sequence.
    const randomised = await randomisedList();
    expect(randomised.map((r) => r.caseId).sort((a, b) => a - b)).toEqual(rows.filter((r) => r.method === "randomised").map((r) => r.caseId).sort((a, b) => a - b));
    // Stratified by borough: Merton (2 trial wards) and Wandsworth (1 trial ward).
    const strata = new Map<string, typeof randomised>();
    for (const r of randomised) strata.set(r.stratum!, [...(strata.get(r.stratum!) ?? []), r]);
    expect([...strata.keys()].sort()).toEqual(["borough:Merton", "borough:Wandsworth"]);
    for (const list of strata.values()) {
      expect(list.map((r) => r.index).sort((a, b) => a - b)).toEqual(list.map((_, i) => i));
      const src = list.filter((r) => r.arm === "SRC").length;
      expect(Math.abs(src - (list.length - src))).toBeLessThanOrEqual(3);
    }
    const referred = await referrals(bot.db.store);
    expect(referred.map((r) => r.crimeRef).sort()).toEqual(rows.filter((r) => r.arm === "SRC").map((r) => r.crimeRef).sort());
    expect(referred.every((r) => r.status === "to_post" && r.version === 1)).toBe(true);
    expect((await bot.db.store.repos.events.forSubject("case", rows[0]!.crimeRef)).map((e) => e.action)).toEqual(["case.created", "case.allocated"]);
    expect(await bot.deps.allocation.verify()).toEqual({ ok: true, allocations: 30, problems: [] });
  });

  it("never allocates a case twice, and says so when asked by reference", async () => {
    await importCases(bot.deps, caseCsv(6));
    const first = await bot.deps.allocation.allocate({ actor: "hcop-1", crimeRefs: ["1000000/24", "1000001/24"] });
    expect(first.allocated.map((a) => a.crimeRef)).toEqual(["1000000/24", "1000001/24"]);
    const second = await bot.deps.allocation.allocate({ actor: "hcop-1", crimeRefs: ["1000000/24", "7777777/24"] });
    expect(second).toMatchObject({ allocated: [], alreadyAllocated: ["1000000/24"], unknown: ["7777777/24"] });
    const rest = await bot.deps.allocation.allocate({ actor: "hcop-1" });
    expect(rest.allocated).toHaveLength(3);
    expect(await allocations(bot.db.store)).toHaveLength(5);
  });

  it("two allocation runs at once allocate each case once and consume each stratum without gaps", async () => {
    await importCases(bot.deps, caseCsv(600, { wards: trialWards }));
    // PostgreSQL: a second instance with its own connection pool. SQLite is single-instance (better-sqlite3 blocks its
    // thread while waiting for a lock), so there the two runs share the process's one connection, as two HCOPs would.
    const other = provider === "postgresql" ? await openStore(bot.db.url) : bot.db.store;
    try {
      const secondInstance = new AllocationService(other, bot.clock, bot.deps.config.trial, bot.deps.serviceLevels);
      const [a, b] = await Promise.all([bot.deps.allocation.allocate({ actor: "hcop-1" }), secondInstance.allocate({ actor: "hcop-2" })]);
      expect(a.allocated.length + b.allocated.length).toBe(600);
      const refs = [...a.allocated, ...b.allocated].map((x) => x.crimeRef);
      expect(new Set(refs).size).toBe(600);
    } finally {
      if (other !== bot.db.store) await other.close();
    }
    expect(await allocations(bot.db.store)).toHaveLength(600);
    const rows = await randomisedList();
    expect(rows).toHaveLength(600);
    const byStratum = new Map<string, number[]>();
    for (const r of rows) byStratum.set(r.stratum, [...(byStratum.get(r.stratum) ?? []), r.index]);
    for (const indices of byStratum.values()) expect(indices.sort((x, y) => x - y)).toEqual(indices.map((_, i) => i));
    expect(await bot.deps.allocation.verify()).toMatchObject({ ok: true, allocations: 600 });
  });

  it("refuses to change or delete an allocation, at the database itself", async () => {
    await importCases(bot.deps, caseCsv(4, { wards: trialWards }));
    await bot.deps.allocation.allocate({ actor: "hcop-1" });
    const [first] = await randomisedList();
    // Raw on purpose: the test is that the database itself refuses, whatever code asks.
    // (The SQLite driver adapter reports the trigger's abort as a constraint violation; PostgreSQL passes its message.)
    await expect(bot.db.store.db.allocation.update({ where: { id: first!.id }, data: { arm: first!.arm === "SRC" ? "BAU" : "SRC" } })).rejects.toThrow();
    await expect(bot.db.store.db.allocation.delete({ where: { id: first!.id } })).rejects.toThrow();
    await expect(bot.db.store.db.$executeRawUnsafe(`UPDATE "Allocation" SET "arm" = 'BAU' WHERE "id" = ${first!.id}`)).rejects.toThrow(/allocations cannot be changed/);
    expect((await randomisedList())[0]!.arm).toBe(first!.arm);
  });

  it("detects a tampered allocation, naming it, once someone gets past the triggers", async () => {
    await importCases(bot.deps, caseCsv(20, { wards: trialWards }));
    await bot.deps.allocation.allocate({ actor: "hcop-1" });
    const victim = (await randomisedList())[5]!;
    const flipped = victim.arm === "SRC" ? "BAU" : "SRC";
    // Raw on purpose: tampering past the triggers is the state under test.
    if (provider === "sqlite") {
      await bot.db.store.db.$executeRawUnsafe(`DROP TRIGGER "Allocation_no_update"`);
      await bot.db.store.db.$executeRawUnsafe(`UPDATE "Allocation" SET "arm" = '${flipped}' WHERE "id" = ${victim.id}`);
    } else {
      await bot.db.store.db.$executeRawUnsafe(`ALTER TABLE "Allocation" DISABLE TRIGGER "Allocation_immutable"`);
      await bot.db.store.db.$executeRawUnsafe(`UPDATE "Allocation" SET "arm" = '${flipped}' WHERE "id" = ${victim.id}`);
    }
    const result = await bot.deps.allocation.verify();
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toBe(`${victim.stratum} index ${victim.index} (allocation id ${victim.id}): arm is ${flipped}, expected ${victim.arm}`);
    expect(result.problems.at(-1)).toMatch(/^the list hash does not match the recorded allocations/);
  });

  it("keeps a case excluded after randomisation in the trial, with its reason", async () => {
    await importCases(bot.deps, caseCsv(2, { wards: trialWards }));
    await bot.deps.allocation.allocate({ actor: "hcop-1", crimeRefs: ["1000000/24"] });
    expect(await bot.deps.allocation.exclude("1000000/24", "duplicate of another report", "hcop-1")).toBe("excluded");
    expect(await bot.deps.allocation.exclude("1000000/24", "again", "hcop-1")).toBe("already-excluded");
    expect(await bot.deps.allocation.exclude("1000001/24", "not a hate crime after review", "hcop-1")).toBe("excluded-before-randomisation");
    expect(await allocations(bot.db.store)).toEqual([expect.objectContaining({ crimeRef: "1000000/24", excludedReason: "duplicate of another report" })]);
    // Who excluded it: the event log is the attributable record.
    const excluded = (await bot.db.store.repos.events.forSubject("case", "1000000/24")).filter((e) => e.action.startsWith("case.excluded"));
    expect(excluded).toEqual([expect.objectContaining({ action: "case.excluded_after_allocation", actor: "hcop-1", details: { reason: "duplicate of another report" } })]);
    const later = await bot.deps.allocation.allocate({ actor: "hcop-1" });
    expect(later.allocated).toEqual([]);
    expect(await bot.deps.allocation.verify()).toMatchObject({ ok: true, allocations: 1 });
  });

  it("keeps the seed secret: nothing a user sees carries it", async () => {
    await importCases(bot.deps, caseCsv(4, { wards: trialWards }));
    const report = await bot.deps.allocation.allocate({ actor: "hcop-1" });
    const trial = (await bot.db.store.repos.trials.get(TRIAL_ID))!;
    expect(trial.seed).toMatch(/^[0-9a-f]{64}$/);
    const events = await bot.db.store.repos.events.recent(100);
    expect(JSON.stringify({ report, events })).not.toContain(trial.seed);
    expect(JSON.stringify(events)).not.toMatch(/blockSize|blockNumber/);
  });
});
