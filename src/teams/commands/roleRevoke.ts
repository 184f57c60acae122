import { roleChange } from "./roleChange.js";

export const roleRevoke = roleChange("revoke", "Take a Reassure role away", async ({ caller, deps }, person, { role, bcu }, who, what) => {
  switch (await deps.roles.revoke(person.aadObjectId, role, caller.aadObjectId, bcu)) {
    case "revoked": {
      const left = await deps.referrals.claimsLeftBehind(person.aadObjectId, await deps.roles.rolesOf(person.aadObjectId));
      const refs = left.map((r) => r.crimeRef).join(", ");
      const note = left.length === 0 ? "" : ` They still hold ${left.length === 1 ? "an open claim" : `${left.length} open claims`} (${refs}) they may no longer work on: a supervisor or the HCOP must release or reassign ${left.length === 1 ? "it" : "them"}.`;
      return `${who} no longer has the ${what} role.${note}`;
    }
    case "not-held":
      return `${who} does not have the ${what} role; nothing changed.`;
    case "bootstrap-admin":
      return `${who} is a bootstrap admin (BOOTSTRAP_ADMINS in the configuration); remove them there instead.`;
  }
});
