import type { Role } from "../../domain/people/roles.js";
import { defineCommand, text, type Command, type CommandContext } from "./command.js";
import { parseRoleArgs, resolveTarget, type RoleTarget } from "./roleArgs.js";

export type Person = { aadObjectId: string; displayName?: string };

/**
 * `/role grant` and `/role revoke`: the admin names a person and a role. The person is resolved to their Entra object id
 * before `change` runs; `who` is how the reply names them.
 */
export function roleChange(
  verb: "grant" | "revoke",
  description: string,
  change: (ctx: CommandContext, person: Person, role: Role, who: string) => Promise<string>,
): Command<{ target: RoleTarget; role: Role }> {
  const usage = `/role ${verb} <@person|Entra object id> <role>`;
  return defineCommand({
    name: `role ${verb}`,
    usage,
    description,
    roles: ["admin"],
    parse: (rest, turn) => parseRoleArgs(rest, turn, usage),
    async handle(ctx, { target, role }) {
      const person = await resolveTarget(ctx.turn, target);
      if ("error" in person) return text(person.error);
      return text(await change(ctx, person, role, person.displayName ?? person.aadObjectId));
    },
  });
}
