import { text } from "./command.js";
import { parseRoleArgs, resolveTarget } from "./roleArgs.js";
import { wardCommand, wardReply } from "./wardCommand.js";

export const wardSupervise = wardCommand({
  verb: "supervise",
  args: "<ward code> <@person|Entra object id> [remove]",
  description: "Make a supervisor responsible for a ward (or remove them)",
  parse: (rest, usage, turn) => {
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
    const result = await deps.wards.supervise(code, person.aadObjectId, caller.aadObjectId, remove);
    const who = person.displayName ?? person.aadObjectId;
    return wardReply(result, ({ ward, changed }) => {
      if (!changed) return remove ? `${who} was not supervising ${ward.code}; nothing changed.` : `${who} already supervises ${ward.code}; nothing changed.`;
      return remove ? `${who} no longer supervises ${ward.code} ${ward.name}.` : `${who} now supervises ${ward.code} ${ward.name}.`;
    });
  },
});
