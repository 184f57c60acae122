import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_AAD, BotHarness } from "../../helpers/botHarness.js";
import { TEAM, WARD_CHANNEL, botAddedToTeam, botRemovedFromTeam, channelEvent, channelMention } from "../../helpers/activities.js";
import { testProviders } from "../../helpers/testDb.js";

const admin = { id: "29:admin", name: "Alex Admin", aadObjectId: ADMIN_AAD };

describe.each(testProviders())("installation and channel events (%s)", (provider) => {
  let bot: BotHarness;
  beforeAll(async () => {
    bot = await BotHarness.start(provider);
    await bot.deps.wards.importWards([{ code: "E05013805", name: "Abbey", borough: "Merton", mode: "trial", enabled: true }], "test");
  });
  afterAll(() => bot.stop());

  it("records the team, tenant, service URL and General channel when added, and says how to start", async () => {
    const { status } = await bot.send(botAddedToTeam(bot.serviceUrl, admin));
    expect(status).toBe(200);
    const team = await bot.db.store.repos.teams.get(TEAM.id);
    expect(team).toMatchObject({ id: TEAM.id, name: TEAM.name, aadGroupId: TEAM.aadGroupId, serviceUrl: bot.serviceUrl, generalChannelId: TEAM.id, removedAt: undefined });
    expect(bot.connector.lastText()).toContain("/ward bind <ward code>");
    const [event] = await bot.db.store.repos.events.forSubject("team", TEAM.id);
    expect(event).toMatchObject({ action: "team.installed", actor: ADMIN_AAD });
  });

  it("tracks channels created, renamed and deleted; deleting a bound channel breaks its binding", async () => {
    await bot.send(channelEvent(bot.serviceUrl, "channelCreated", WARD_CHANNEL));
    expect(await bot.db.store.repos.teams.getChannel(WARD_CHANNEL.id)).toMatchObject({ name: WARD_CHANNEL.name, deletedAt: undefined });
    await bot.send(channelEvent(bot.serviceUrl, "channelRenamed", { ...WARD_CHANNEL, name: "Abbey SNT" }));
    expect((await bot.db.store.repos.teams.getChannel(WARD_CHANNEL.id))?.name).toBe("Abbey SNT");

    await bot.send(channelMention(bot.serviceUrl, admin, "/ward bind E05013805"));
    expect((await bot.db.store.repos.bindings.get("E05013805"))?.status).toBe("active");
    await bot.send(channelEvent(bot.serviceUrl, "channelDeleted", WARD_CHANNEL));
    expect((await bot.db.store.repos.teams.getChannel(WARD_CHANNEL.id))?.deletedAt).toBeInstanceOf(Date);
    expect((await bot.db.store.repos.bindings.get("E05013805"))?.status).toBe("broken");
    const actions = (await bot.db.store.repos.events.forSubject("channel", WARD_CHANNEL.id)).map((e) => e.action);
    expect(actions).toEqual(["channel.created", "channel.renamed", "channel.deleted"]);
  });

  it("marks the team removed and its bindings broken when the bot is removed; re-adding revives them", async () => {
    await bot.send(channelMention(bot.serviceUrl, admin, "/ward bind E05013805", { channel: { id: "19:other@thread.tacv2", name: "Abbey 2" } }));
    expect((await bot.db.store.repos.bindings.get("E05013805"))?.status).toBe("active");
    await bot.send(botRemovedFromTeam(bot.serviceUrl, admin));
    expect((await bot.db.store.repos.teams.get(TEAM.id))?.removedAt).toBeInstanceOf(Date);
    expect((await bot.db.store.repos.bindings.get("E05013805"))?.status).toBe("broken");
    await bot.send(botAddedToTeam(bot.serviceUrl, admin));
    expect((await bot.db.store.repos.teams.get(TEAM.id))?.removedAt).toBeUndefined();
    expect((await bot.db.store.repos.bindings.get("E05013805"))?.status).toBe("active");
  });
});
