import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ADMIN_AAD, BotHarness } from "../../helpers/botHarness.js";
import { WARD_CHANNEL, channelMention, personalMessage, user } from "../../helpers/activities.js";
import { cardSchemaErrors } from "../../helpers/cardSchema.js";
import { testProviders } from "../../helpers/testDb.js";

const admin = { id: "29:admin", name: "Alex Admin", aadObjectId: ADMIN_AAD };
const officer = user(1, "Olu Officer");
const stranger = user(2, "Sam Stranger");
const hcop = user(3, "Hana HCOP");

describe.each(testProviders())("chat commands through the Bot Framework adapter (%s)", (provider) => {
  let bot: BotHarness;

  beforeAll(async () => {
    bot = await BotHarness.start(provider);
    await bot.deps.wards.importWards(
      [
        { code: "E05013805", name: "Abbey", borough: "Merton", mode: "trial", enabled: true },
        { code: "E05013806", name: "Colliers Wood", borough: "Merton", mode: undefined, enabled: undefined },
        { code: "E05014001", name: "Tooting Broadway", borough: "Wandsworth", mode: "rollout", enabled: true },
      ],
      "test",
    );
    await bot.deps.roles.grant({ aadObjectId: officer.aadObjectId }, "officer", "test");
    await bot.deps.roles.grant({ aadObjectId: hcop.aadObjectId }, "hcop", "test");
  });
  afterAll(() => bot.stop());
  beforeEach(() => bot.connector.clear());

  const events = () => bot.db.store.repos.events.recent(1000);

  it("answers help in personal chat with the commands the caller's role allows", async () => {
    const activity = personalMessage(bot.serviceUrl, stranger, "help");
    const { status } = await bot.send(activity);
    expect(status).toBe(200);
    const [reply] = bot.connector.sent();
    // A reply goes to the user's conversation, threaded on their message, as Teams expects.
    expect(reply).toMatchObject({ kind: "reply", conversationId: activity.conversation.id, activityId: activity.id });
    expect(reply!.body.text).toContain("You have no Reassure role");
    expect(reply!.body.text).toContain("Ask a Reassure admin");
    expect(reply!.body.text).not.toContain("/role grant");
    expect(reply!.body.text).not.toContain("/ward bind");

    await bot.send(personalMessage(bot.serviceUrl, admin, "/help"));
    expect(bot.connector.lastText()).toContain("/role grant <@person|Entra object id> <role>");
    expect(bot.connector.lastText()).toContain("/ward bind <ward code>");
  });

  it("strips the @mention in channels and matches commands only at the start", async () => {
    await bot.send(channelMention(bot.serviceUrl, admin, "help"));
    expect(bot.connector.lastText()).toContain("You have admin");
    bot.connector.clear();
    // "ward bind" in the middle of a sentence is not a command.
    await bot.send(channelMention(bot.serviceUrl, admin, "please do not ward bind E05013805"));
    expect(bot.connector.lastText()).toMatch(/^I didn't recognise that command\. \*\*Reassure\*\*/);
    expect(await bot.db.store.repos.bindings.get("E05013805")).toBeUndefined();
  });

  it("gives help for unknown input without echoing it, and usage for a bare command family", async () => {
    await bot.send(personalMessage(bot.serviceUrl, officer, "victim John Smith 07700 900123"));
    expect(bot.connector.lastText()).toMatch(/^I didn't recognise that command\./);
    expect(bot.connector.lastText()).not.toContain("John");
    expect(bot.connector.lastText()).not.toContain("07700");

    await bot.send(personalMessage(bot.serviceUrl, hcop, "/ward"));
    expect(bot.connector.lastText()).toContain("`/ward` needs one of:");
    expect(bot.connector.lastText()).toContain("/ward bind <ward code>");
  });

  it("denies a command to a role without it, specifically, and changes nothing", async () => {
    const before = (await events()).length;
    await bot.send(channelMention(bot.serviceUrl, officer, "/ward bind E05013805"));
    expect(bot.connector.lastText()).toBe("Only admin or hcop can use /ward bind. You have officer.");
    await bot.send(personalMessage(bot.serviceUrl, stranger, "/role grant 00000000-0000-4000-8000-000000000009 hcop"));
    expect(bot.connector.lastText()).toBe("Only admin can use /role grant. You have no Reassure role.");
    expect(await bot.db.store.repos.bindings.get("E05013805")).toBeUndefined();
    expect(await bot.db.store.repos.people.rolesOf("00000000-0000-4000-8000-000000000009")).toEqual([]);
    expect((await events()).length).toBe(before);
  });

  it("names the nearest known codes for an unknown ward, and changes nothing", async () => {
    const before = (await events()).length;
    await bot.send(channelMention(bot.serviceUrl, hcop, "/ward bind E0501380"));
    expect(bot.connector.lastText()).toBe('Unknown ward code "E0501380". Did you mean E05013805, E05013806?');
    await bot.send(channelMention(bot.serviceUrl, hcop, "/ward bind"));
    expect(bot.connector.lastText()).toBe("Give one ward code. Usage: /ward bind <ward code> (e.g. /ward bind E05013805)");
    expect(await bot.db.store.repos.bindings.list()).toEqual([]);
    expect((await events()).length).toBe(before);
  });

  it("binds a ward to the channel it is sent in, storing what a proactive post needs", async () => {
    await bot.send(channelMention(bot.serviceUrl, hcop, "/ward bind e05013805"));
    expect(bot.connector.lastText()).toBe("Bound E05013805 Abbey (Merton) to this channel. Its referral cards will be posted here. Mode: trial.");
    const binding = await bot.db.store.repos.bindings.get("E05013805");
    expect(binding).toMatchObject({ channelId: WARD_CHANNEL.id, teamId: "19:team-general@thread.tacv2", serviceUrl: bot.serviceUrl, status: "active", boundBy: hcop.aadObjectId });
    const reference = JSON.parse(binding!.conversationRef);
    expect(reference).toMatchObject({ conversation: { id: WARD_CHANNEL.id }, serviceUrl: bot.serviceUrl, channelId: "msteams", bot: { id: "28:00000000-0000-0000-0000-00000000b07" } });
    expect(reference.activityId).toBeUndefined();
    const [event] = await bot.db.store.repos.events.forSubject("ward", "E05013805").then((e) => e.filter((x) => x.action === "ward.bound"));
    expect(event).toMatchObject({ actor: hcop.aadObjectId, details: { channelId: WARD_CHANNEL.id } });

    // Sent again: already in the desired state, no new event.
    await bot.send(channelMention(bot.serviceUrl, hcop, "/ward bind E05013805"));
    expect(bot.connector.lastText()).toBe("E05013805 Abbey is already bound to this channel.");
    expect((await bot.db.store.repos.events.forSubject("ward", "E05013805")).filter((x) => x.action === "ward.bound")).toHaveLength(1);
  });

  it("refuses /ward bind in a personal chat: a binding needs a channel", async () => {
    await bot.send(personalMessage(bot.serviceUrl, hcop, "/ward bind E05013806"));
    expect(bot.connector.lastText()).toMatch(/^Send \/ward bind <ward code> in the ward team's channel/);
    expect(await bot.db.store.repos.bindings.get("E05013806")).toBeUndefined();
  });

  it("lists wards as a valid Adaptive Card with channel and mode", async () => {
    await bot.send(personalMessage(bot.serviceUrl, hcop, "/ward list"));
    const card = bot.connector.lastCard();
    expect(cardSchemaErrors(card)).toEqual([]);
    const text = JSON.stringify(card);
    expect(text).toContain("3 wards, 1 bound to a channel. Trial 1, rollout 1, off 1.");
    expect(text).toContain("E05014001");
    expect(text).toContain("Tooting Broadway");
    expect(text).toContain("not bound");
  });

  it("switches a ward's mode and records it", async () => {
    await bot.send(personalMessage(bot.serviceUrl, hcop, "/ward mode E05013806 rollout"));
    expect(bot.connector.lastText()).toBe("E05013806 Colliers Wood: mode off → rollout.");
    expect((await bot.db.store.repos.wards.get("E05013806"))?.mode).toBe("rollout");
    await bot.send(personalMessage(bot.serviceUrl, hcop, "/ward mode E05013806 sometimes"));
    expect(bot.connector.lastText()).toBe("Usage: /ward mode <ward code> trial|rollout|off");
  });

  it("unbinds a ward", async () => {
    await bot.send(personalMessage(bot.serviceUrl, hcop, "/ward unbind E05013805"));
    expect(bot.connector.lastText()).toBe("Unbound E05013805 Abbey. Its referrals will wait until the ward is bound again.");
    expect(await bot.db.store.repos.bindings.get("E05013805")).toBeUndefined();
  });

  it("grants a role to an @mentioned person, resolving their Entra id through Teams", async () => {
    const newcomer = user(7, "Nia Newcomer");
    bot.connector.addMember(newcomer);
    await bot.send(channelMention(bot.serviceUrl, admin, `/role grant <at>${newcomer.name}</at> supervisor`, { extraMentions: [{ user: newcomer }] }));
    expect(bot.connector.lastText()).toBe("Nia Newcomer is now supervisor.");
    expect(bot.connector.requests.some((r) => r.kind === "getMember" && r.path.endsWith(`/members/${newcomer.id}`))).toBe(true);
    expect(await bot.db.store.repos.people.rolesOf(newcomer.aadObjectId)).toEqual(["supervisor"]);
    const [event] = await bot.db.store.repos.events.forSubject("person", newcomer.aadObjectId);
    expect(event).toMatchObject({ actor: ADMIN_AAD, action: "role.granted", details: { role: "supervisor" } });

    await bot.send(personalMessage(bot.serviceUrl, admin, "/role list"));
    expect(bot.connector.lastText()).toContain(`Nia Newcomer — \`${newcomer.aadObjectId}\` — supervisor`);
    expect(bot.connector.lastText()).toContain(`\`${ADMIN_AAD}\` — admin`);

    await bot.send(personalMessage(bot.serviceUrl, admin, `/role revoke ${newcomer.aadObjectId} supervisor`));
    expect(bot.connector.lastText()).toBe(`${newcomer.aadObjectId} no longer has the supervisor role.`);
    expect(await bot.db.store.repos.people.rolesOf(newcomer.aadObjectId)).toEqual([]);
  });

  it("explains malformed role commands and changes nothing", async () => {
    const before = (await events()).length;
    await bot.send(personalMessage(bot.serviceUrl, admin, "/role grant someone"));
    expect(bot.connector.lastText()).toBe("Usage: /role grant <@person|Entra object id> <role> [bcu <name>] — roles: admin, hcop, inspector, supervisor, officer");
    await bot.send(personalMessage(bot.serviceUrl, admin, "/role grant 00000000-0000-4000-8000-000000000009 chief"));
    expect(bot.connector.lastText()).toBe('"chief" is not a role. Roles: admin, hcop, inspector, supervisor, officer.');
    await bot.send(personalMessage(bot.serviceUrl, admin, "/role grant bob officer"));
    expect(bot.connector.lastText()).toMatch(/^"bob" is neither an @mention nor an Entra object id/);
    await bot.send(personalMessage(bot.serviceUrl, admin, `/role revoke ${ADMIN_AAD} admin`));
    expect(bot.connector.lastText()).toMatch(/is a bootstrap admin \(BOOTSTRAP_ADMINS/);
    expect((await events()).length).toBe(before);
  });
});
