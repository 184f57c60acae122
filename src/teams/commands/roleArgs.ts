import { TeamsInfo, type TurnContext } from "botbuilder";
import { parseEntraObjectId } from "../../domain/people/entraId.js";
import { isRole, ROLES, type Role } from "../../domain/people/roles.js";
import type { Parsed } from "./command.js";

export type RoleTarget = { kind: "aad"; aadObjectId: string } | { kind: "mention"; teamsUserId: string; name: string };

export type RoleArgs = { target: RoleTarget; role: Role; bcu: string | undefined };

/**
 * `<@mention|Entra object id> <role> [bcu <name>]`; the mention is resolved to an Entra id by asking Teams, never by
 * name. Without `bcu` the role is force-wide.
 */
export function parseRoleArgs(rest: string, turn: TurnContext, usage: string): Parsed<RoleArgs> {
  const match = /^(<at>(.+?)<\/at>|\S+)\s+(\S+)(?:\s+bcu\s+(.+))?$/i.exec(rest);
  const wrong = { ok: false as const, message: `Usage: ${usage} — roles: ${ROLES.join(", ")}` };
  if (!match) return wrong;
  const [, who, mentionName, roleText, bcuText] = match;
  const bcu = bcuText?.trim();
  const role = roleText!.toLowerCase();
  if (!isRole(role)) return { ok: false, message: `"${roleText}" is not a role. Roles: ${ROLES.join(", ")}.` };
  if (mentionName !== undefined) {
    const mention = (turn.activity.entities ?? []).find(
      (e) => e.type === "mention" && e.text === who && e.mentioned?.id !== turn.activity.recipient.id,
    );
    if (!mention) return { ok: false, message: `Could not find the person mentioned as ${mentionName}. @mention them or give their Entra object id.` };
    return { ok: true, args: { target: { kind: "mention", teamsUserId: mention.mentioned.id as string, name: mentionName }, role, bcu } };
  }
  const aadObjectId = parseEntraObjectId(who!);
  if (!aadObjectId) return { ok: false, message: `"${who}" is neither an @mention nor an Entra object id (a GUID). ${wrong.message}` };
  return { ok: true, args: { target: { kind: "aad", aadObjectId }, role, bcu } };
}

export async function resolveTarget(turn: TurnContext, target: RoleTarget): Promise<{ aadObjectId: string; displayName?: string } | { error: string }> {
  if (target.kind === "aad") return { aadObjectId: target.aadObjectId };
  try {
    const member = await TeamsInfo.getMember(turn, target.teamsUserId);
    if (!member.aadObjectId) return { error: `Teams did not give an Entra object id for ${target.name}; use their object id instead.` };
    return { aadObjectId: member.aadObjectId.toLowerCase(), displayName: member.name ?? target.name };
  } catch {
    return { error: `Could not look up ${target.name} in this conversation; use their Entra object id instead.` };
  }
}
