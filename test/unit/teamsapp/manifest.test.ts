import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const manifest = JSON.parse(readFileSync(fileURLToPath(new URL("../../../teamsapp/manifest.json", import.meta.url)), "utf8"));
const bot = manifest.bots[0];
const commandsFor = (scope: string): { title: string; description: string }[] =>
  bot.commandLists.find((list: { scopes: string[] }) => list.scopes.length === 1 && list.scopes[0] === scope).commands;

describe("teamsapp/manifest.json", () => {
  it("is a 1.29 manifest whose ids come from the environment", () => {
    expect(manifest.manifestVersion).toBe("1.29");
    expect(manifest.id).toBe("${{TEAMS_APP_ID}}");
    expect(bot.botId).toBe("${{BOT_ID}}");
    expect(manifest.validDomains).toEqual(["${{BOT_DOMAIN}}"]);
  });

  it("asks each team it is installed in for one Graph permission: reading that team's channel messages", () => {
    // Resource-specific consent: granted by the team owner at install, for that team only (see docs/SECURITY.md).
    expect(manifest.webApplicationInfo.id).toBe("${{BOT_ID}}");
    expect(manifest.authorization.permissions.resourceSpecific).toEqual([{ name: "ChannelMessage.Read.Group", type: "Application" }]);
  });

  it("installs one conversational bot in teams and personal chat, never group chats, without files", () => {
    expect(manifest.bots).toHaveLength(1);
    expect([...bot.scopes].sort()).toEqual(["personal", "team"]);
    expect(bot.supportsFiles).toBe(false);
    expect(bot.isNotificationOnly).toBe(false);
    expect(bot.commandLists.flatMap((list: { scopes: string[] }) => list.scopes).sort()).toEqual(["personal", "team"]);
  });

  it("lists the personal and team commands", () => {
    expect(commandsFor("personal").map((c) => c.title)).toEqual([
      "help", "/mine", "/allocate", "/status", "/stats", "/outcome", "/guide", "/role", "/ward",
    ]);
    expect(commandsFor("team").map((c) => c.title)).toEqual(["help", "/ward", "/status", "/stats", "/guide", "/mine"]);
  });

  it("describes every command in one line of at most 128 characters, within Teams' 12 commands a list", () => {
    for (const list of bot.commandLists) {
      expect(list.commands.length).toBeLessThanOrEqual(12);
      for (const command of list.commands) {
        expect(command.description, command.title).toMatch(/^[^\n]{1,128}$/);
      }
    }
  });

  it("keeps names and descriptions within Teams' limits", () => {
    expect(manifest.name).toEqual({ short: "Reassure", full: "Reassure — hate crime victim reassurance" });
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
  });
});
