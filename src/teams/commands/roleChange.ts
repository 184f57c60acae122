import type { RoleHolding } from "../../domain/people/roles.js";
import { describeHolding } from "../../domain/people/scope.js";
import { defineCommand, text, type Command, type CommandContext } from "./command.js";
import { parseRoleArgs, resolveTarget, type RoleArgs } from "./roleArgs.js";

export type Person = { aadObjectId: string; displayName?: string };

/**
 * `/role grant` and `/role revoke`: the admin names a person, a role and, for an HCOP or inspector of one BCU, the BCU.
 * The person is resolved to their Entra object id before `change` runs; `who` is how the reply names them, `what` the
 * role with its BCU.
 */
export function roleChange(
  verb: "grant" | "revoke",
  description: string,
  change: (ctx: CommandContext, person: Person, holding: RoleHolding, who: string, what: string) => Promise<string>,
): Command<RoleArgs> {
  const usage = `/role ${verb} <@person|Entra object id> <role> [bcu <name>]`;
  return defineCommand({
    name: `role ${verb}`,
    usage,
    description,
    roles: ["admin"],
    parse: (rest, turn) => parseRoleArgs(rest, turn, usage),
    async handle(ctx, { target, role, bcu }) {
      const person = await resolveTarget(ctx.turn, target);
      if ("error" in person) return text(person.error);
      const holding = { role, bcu };
      return text(await change(ctx, person, holding, person.displayName ?? person.aadObjectId, describeHolding(holding)));
    },
  });
}
