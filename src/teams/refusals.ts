import { describeRoles } from "../domain/people/roles.js";
import type { Role } from "../domain/people/roles.js";

/** Every answer the Teams layer gives when it does nothing, in one place so the wording stays one voice. */
export const REFUSALS = {
  wrongRole: (command: string, roles: readonly Role[], held: ReadonlySet<Role>) => `Only ${roles.join(" or ")} can use /${command}. You have ${describeRoles(held)}.`,
  noIdentity: "Teams did not say who you are (no Entra object id); nothing was changed.",
  /** For a card click: completes "This card could not be used: …". */
  noIdentityReason: "Teams did not say who you are",
  cardUnusable: (reason: string) => `This card could not be used: ${reason}.`,
  unknownVerb: "the card sent an action Reassure does not have",
  failed: (reference: string) => `Something went wrong on our side and nothing was changed. Reference: ${reference}.`,
  failedWithoutReference: "Something went wrong on our side and nothing was changed.",
  noArguments: (usage: string) => `This command takes no arguments. Usage: ${usage}`,
} as const;
