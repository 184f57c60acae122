import { describeHolding } from "../../domain/people/scope.js";
import { defineCommand, noArgs, text } from "./command.js";

const usage = "/role list";

export const roleList = defineCommand({
  name: "role list",
  usage,
  description: "Everyone with a Reassure role",
  roles: ["admin"],
  parse: noArgs(usage),
  async handle({ deps }) {
    const people = await deps.roles.list();
    if (people.length === 0) return text("Nobody has a Reassure role yet.");
    const lines = people.map((p) => `- ${p.displayName ?? "(name not yet seen)"} — \`${p.aadObjectId}\` — ${p.holdings.map(describeHolding).join(", ")}`);
    return text(["**Reassure roles**", ...lines].join("\n"));
  },
});
