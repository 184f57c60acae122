import { afterEach, describe, expect, it } from "vitest";
import { BotHarness } from "../../helpers/botHarness.js";
import { runCli } from "../../helpers/cli.js";
import { caseCsv, importCases } from "../../helpers/seed.js";
import { testProviders } from "../../helpers/testDb.js";
import { events } from "../../helpers/records.js";
import { ROLLOUT_WARDS, referralIdOf, seedBoundWards } from "../reliability/support.js";

const WARD = ROLLOUT_WARDS[0]!;

/** `reassure outbox status` and `reassure outbox retry <id>` on a dead letter made by the real worker. */
describe.each(testProviders())("reassure outbox (%s)", (provider) => {
  let bot: BotHarness;
  afterEach(() => bot.stop());

  it("reports depth, held items and dead letters, and retries a dead letter once (refusing anything else, changing nothing)", async () => {
    bot = await BotHarness.start(provider);
    // The command line runs on the real clock: the bot's is set to it, or an item the command makes due is not due to the bot.
    bot.clock.set(new Date());
    await seedBoundWards(bot.deps, [WARD], bot.serviceUrl);
    // Teams refuses the post for good (400): the card is dead-lettered and the alert about it waits for a coordination channel.
    bot.connector.failWith = ({ kind }) => (kind === "createConversation" ? 400 : undefined);
    await importCases(bot.deps, caseCsv(2, { wards: [WARD.code] }));
    await bot.deps.allocation.allocate({ actor: "test" });
    await bot.worker.drain();
    const env = { DATABASE_URL: bot.db.url };

    const status = await runCli(["outbox", "status", "--json"], env);
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout);
    expect(report.byKind.post_referral).toEqual({ dead: 2 });
    expect(report.byKind.coordination_alert).toEqual({ held: 2 });
    expect(report.oldestPendingSeconds).toBeUndefined();
    expect(report.held).toEqual([{ wardCode: "#coordination", kind: "coordination_alert", reason: "no coordination channel set", count: 2 }]);
    expect(report.dead).toHaveLength(2);
    const [dead] = report.dead as { id: number; kind: string }[];
    expect(dead!.kind).toBe("post_referral");

    const text = await runCli(["outbox", "status"], env);
    expect(text.stdout).toContain("2 alerts are held: no coordination channel is bound — /coordination bind");
    expect(text.stdout).toContain(`#${dead!.id}  post_referral  ${WARD.code}`);

    // Raw: every column of every row, to show a refused retry changes nothing at all (and a held item's id, which no report lists).
    const before = await bot.db.store.db.outboxItem.findMany({ orderBy: { id: "asc" } });
    for (const [args, message] of [
      [["outbox", "retry", "999999"], "No outbox item 999999: nothing changed."],
      [["outbox", "retry", String(before.find((i) => i.kind === "coordination_alert")!.id)], "is held, not a dead letter: nothing changed."],
      [["outbox", "retry", "x1"], "expected an outbox item id"],
    ] as const) {
      const refused = await runCli([...args], env);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(message);
    }
    expect(await bot.db.store.db.outboxItem.findMany({ orderBy: { id: "asc" } })).toEqual(before);

    bot.connector.failWith = undefined;
    const retried = await runCli(["outbox", "retry", String(dead!.id)], env);
    expect(retried.code).toBe(0);
    expect(retried.stdout).toContain(`Outbox item ${dead!.id} (post_referral) is due again`);
    expect((await runCli(["outbox", "retry", String(dead!.id)], env)).stderr).toContain("is pending, not a dead letter");
    expect((await events(bot.db.store, "outbox.retried")).filter((e) => e.subjectId === String(dead!.id))).toHaveLength(1);

    bot.connector.clear();
    bot.clock.set(new Date());
    await bot.worker.drain();
    const posted = bot.connector.posts().map((p) => referralIdOf(p.card));
    // The retried item was delivered: its referral's card is the one posted, and it is no longer a dead letter.
    const after = await bot.db.store.repos.outbox.status(bot.clock.now());
    expect(after.byKind.post_referral).toEqual({ dead: 1, delivered: 1 });
    expect(after.dead.map((d) => d.id)).not.toContain(dead!.id);
    expect(posted).toEqual([before.find((i) => i.id === dead!.id)!.referralId]);
  }, 300_000);
});
