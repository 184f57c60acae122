import { roleChange } from "./roleChange.js";

export const roleGrant = roleChange("grant", "Give someone a Reassure role, force-wide or (HCOP, inspector) for one BCU", async ({ caller, deps }, person, { role, bcu }, who, what) => {
  const outcome = await deps.roles.grant(person, role, caller.aadObjectId, bcu);
  if (typeof outcome === "object") return `${outcome.refused} Nothing was changed.`;
  return outcome === "granted" ? `${who} is now ${what}.` : `${who} already has the ${what} role; nothing changed.`;
});
