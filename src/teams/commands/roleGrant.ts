import { roleChange } from "./roleChange.js";

export const roleGrant = roleChange("grant", "Give someone a Reassure role", async ({ caller, deps }, person, role, who) => {
  const outcome = await deps.roles.grant(person, role, caller.aadObjectId!);
  return outcome === "granted" ? `${who} is now ${role}.` : `${who} already has the ${role} role; nothing changed.`;
});
