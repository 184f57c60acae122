import { parseStatusRequest, type StatusRequest } from "../../domain/compliance/period.js";
import type { IdentifiedCaller } from "../../domain/people/roles.js";
import { renderCard } from "../cards/render.js";
import type { BotDeps } from "../deps.js";
import { statusView } from "../views/status.js";
import { card, defineCommand, text, type Parsed } from "./command.js";

const usage = "/status [this week | last week | from <date> to <date>] [ward <code> | borough <name> | bcu <name>]";
const roles = ["hcop", "inspector", "supervisor"] as const;

async function report(deps: BotDeps, caller: IdentifiedCaller, request: StatusRequest) {
  const outcome = await deps.reports.status(caller, request);
  if (!outcome.ok) return text(outcome.message);
  return card(renderCard("status", statusView(outcome.report, deps.format, outcome.held)));
}

export const status = defineCommand({
  name: "status",
  usage,
  description: "Compliance by ward and officer: referred, claimed, contacts made, overdue",
  roles,
  parse(rest): Parsed<StatusRequest> {
    const parsed = parseStatusRequest(rest);
    return parsed.ok ? { ok: true, args: parsed.request } : { ok: false, message: `${parsed.message} Usage: ${usage}` };
  },
  handle: ({ deps, caller }, request) => report(deps, caller, request),
});
