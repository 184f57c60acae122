import { defineCommand, text } from "./command.js";
import { parseRoleArgs, resolveTarget } from "./roleArgs.js";

const usage = "/role revoke <@person|Entra object id> <role>";

export const roleRevoke = defineCommand({
  name: "role revoke",
  usage,
  description: "Take a Reassure role away",
  roles: ["admin"],
  parse: (rest, turn) => parseRoleArgs(rest, turn, usage),
  async handle({ turn, caller, deps }, { target, role }) {
    const person = await resolveTarget(turn, target);
    if ("error" in person) return text(person.error);
    const who = person.displayName ?? person.aadObjectId;
    switch (await deps.roles.revoke(person.aadObjectId, role, caller.aadObjectId!)) {
      case "revoked": {
        const left = await deps.referrals.claimsLeftBehind(person.aadObjectId, await deps.roles.rolesOf(person.aadObjectId));
        const refs = left.map((r) => r.crimeRef).join(", ");
        const note = left.length === 0 ? "" : ` They still hold ${left.length === 1 ? "an open claim" : `${left.length} open claims`} (${refs}) they may no longer work on: a supervisor or the HCOP must release or reassign ${left.length === 1 ? "it" : "them"}.`;
        return text(`${who} no longer has the ${role} role.${note}`);
      }
      case "not-held":
        return text(`${who} does not have the ${role} role; nothing changed.`);
      case "bootstrap-admin":
        return text(`${who} is a bootstrap admin (BOOTSTRAP_ADMINS in the configuration); remove them there instead.`);
    }
  },
});
