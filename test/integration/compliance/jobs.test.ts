import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotHarness } from "../../helpers/botHarness.js";
import { testProviders } from "../../helpers/testDb.js";
import { JobScheduler } from "../../../src/domain/jobs/scheduler.js";
import { dailyAt } from "../../../src/domain/jobs/schedule.js";
import { openStore } from "../../../src/store/prismaStore.js";

describe.each(testProviders())("scheduled jobs with database leases (%s)", (provider) => {
  let bot: BotHarness;
  beforeEach(async () => {
    bot = await BotHarness.start(provider);
  });
  afterEach(() => bot.stop());

  it("runs a missed slot once after downtime, not once per missed tick, then waits for the next slot", async () => {
    const slots: string[] = [];
    const job = { name: "digest", schedule: dailyAt("07:30", "Europe/London"), run: async (slot: Date) => void slots.push(slot.toISOString()) };
    const scheduler = new JobScheduler(bot.db.store, bot.clock, [job], "instance-a");
    bot.clock.set(new Date("2024-04-02T08:00:00Z"));
    expect((await scheduler.tick())[0]!.outcome).toBe("ran");
    // Down for three days: one catch-up run for the latest slot.
    bot.clock.set(new Date("2024-04-05T12:00:00Z"));
    await scheduler.tick();
    await scheduler.tick();
    expect(slots).toEqual(["2024-04-02T06:30:00.000Z", "2024-04-05T06:30:00.000Z"]);
    bot.clock.set(new Date("2024-04-06T06:29:00Z"));
    expect((await scheduler.tick())[0]!.outcome).toBe("not-due");
  });

  it("runs each slot once when two instances tick at the same moment", async () => {
    let runs = 0;
    const job = {
      name: "race",
      schedule: dailyAt("07:30", "Europe/London"),
      run: async () => {
        runs++;
        await new Promise((resolve) => setTimeout(resolve, 50));
      },
    };
    const other = provider === "postgresql" ? await openStore(bot.db.url) : bot.db.store;
    try {
      const a = new JobScheduler(bot.db.store, bot.clock, [job], "instance-a");
      const b = new JobScheduler(other, bot.clock, [job], "instance-b");
      bot.clock.set(new Date("2024-04-02T08:00:00Z"));
      const outcomes = (await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()])).map((r) => r[0]!.outcome).sort();
      expect(runs).toBe(1);
      expect(outcomes.filter((o) => o === "ran")).toHaveLength(1);
    } finally {
      if (other !== bot.db.store) await other.close();
    }
  });

  it("does not record a failed run: the slot is tried again", async () => {
    let fail = true;
    let ran = 0;
    const job = {
      name: "flaky",
      schedule: dailyAt("07:30", "Europe/London"),
      run: async () => {
        ran++;
        if (fail) throw new Error("boom");
      },
    };
    const scheduler = new JobScheduler(bot.db.store, bot.clock, [job], "instance-a");
    bot.clock.set(new Date("2024-04-02T08:00:00Z"));
    expect((await scheduler.tick())[0]!.outcome).toBe("failed");
    fail = false;
    expect((await scheduler.tick())[0]!.outcome).toBe("ran");
    expect((await scheduler.tick())[0]!.outcome).toBe("not-due");
    expect(ran).toBe(2);
  });
});
