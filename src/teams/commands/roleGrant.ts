import { defineCommand, text } from "./command.js";
import { parseRoleArgs, resolveTarget } from "./roleArgs.js";

const usage = "/role grant <@person|Entra object id> <role>";

export const roleGrant = defineCommand({
  name: "role grant",
  usage,
  description: "Give someone a Reassure role",
  roles: ["admin"],
  parse: (rest, turn) => parseRoleArgs(rest, turn, usage),
  async handle({ turn, caller, deps }, { target, role }) {
    const person = await resolveTarget(turn, target);
    if ("error" in person) return text(person.error);
    const who = person.displayName ?? person.aadObjectId;
    const outcome = await deps.roles.grant(person, role, caller.aadObjectId!);
    return text(outcome === "granted" ? `${who} is now ${role}.` : `${who} already has the ${role} role; nothing changed.`);
  },
});
