import { defineCommand, text } from "./command.js";
import { parseRoleArgs, resolveTarget } from "./roleArgs.js";

const usage = "/ward supervise <ward code> <@person|Entra object id> [remove]";

export const wardSupervise = defineCommand({
  name: "ward supervise",
  usage,
  description: "Make a supervisor responsible for a ward (or remove them)",
  roles: ["admin", "hcop"],
  parse: (rest, turn) => {
    const [code, ...others] = rest.split(" ");
    const remove = others.at(-1)?.toLowerCase() === "remove";
    // Reuse the role grammar "<person> <role>": the ward code stands in for the role word.
    const person = (remove ? others.slice(0, -1) : others).join(" ");
    const parsed = parseRoleArgs(`${person} supervisor`, turn, usage);
    if (!code || !parsed.ok) return { ok: false, message: `Usage: ${usage}` };
    return { ok: true, args: { code, target: parsed.args.target, remove } };
  },
  async handle({ turn, caller, deps }, { code, target, remove }) {
    const person = await resolveTarget(turn, target);
    if ("error" in person) return text(person.error);
    const roles = await deps.roles.rolesOf(person.aadObjectId);
    if (!remove && !roles.has("supervisor")) return text(`${person.displayName ?? person.aadObjectId} does not have the supervisor role; grant it first with /role grant.`);
    const result = await deps.wards.supervise(code, person.aadObjectId, caller.aadObjectId!, remove);
    if (!result.ok) return text(result.message);
    const who = person.displayName ?? person.aadObjectId;
    if (!result.changed) return text(remove ? `${who} was not supervising ${result.ward.code}; nothing changed.` : `${who} already supervises ${result.ward.code}; nothing changed.`);
    return text(remove ? `${who} no longer supervises ${result.ward.code} ${result.ward.name}.` : `${who} now supervises ${result.ward.code} ${result.ward.name}.`);
  },
});
