import { describeRoles } from "../../domain/people/roles.js";
import { defineCommand, mayUse, noArgs, text, type Command } from "./command.js";

export function helpCommand(others: readonly Command<never>[]): Command<undefined> {
  const usage = "/help";
  return defineCommand({
    name: "help",
    usage,
    description: "Show the commands you can use",
    roles: "anyone",
    parse: noArgs(usage),
    async handle({ caller }) {
      const usable = others.filter((c) => mayUse(c, caller));
      const lines = [`**Reassure** — secondary reassurance contact for hate crime victims. You have ${describeRoles(caller.roles)}.`, ""];
      lines.push(`- \`${usage}\` — Show the commands you can use`);
      for (const c of usable) lines.push(`- \`${c.usage}\` — ${c.description}`);
      if (caller.roles.size === 0) lines.push("", "Ask a Reassure admin to grant you a role (officer, supervisor, hcop, inspector) to do more.");
      return text(lines.join("\n"));
    },
  });
}
