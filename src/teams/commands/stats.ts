import { parseStatsRequest, type StatsRequest } from "../../domain/trialStats/period.js";
import { renderCard } from "../cards/render.js";
import { statsView } from "../views/stats.js";
import { card, defineCommand, text, type Parsed } from "./command.js";

const usage = "/stats [this week | last week | week <yyyy-Www> | from <date> to <date> | trial] [ward <code> | borough <name> | bcu <name>]";
const roles = ["inspector", "hcop"] as const;

export const stats = defineCommand({
  name: "stats",
  usage,
  description: "Trial statistics: flow, delivery, attrition, charge and positive outcomes by arm with effect sizes, power and the weekly trend",
  roles,
  parse(rest): Parsed<StatsRequest> {
    const parsed = parseStatsRequest(rest);
    return parsed.ok ? { ok: true, args: parsed.request } : { ok: false, message: `${parsed.message} Usage: ${usage}` };
  },
  async handle({ deps, caller }, request) {
    const loaded = await deps.reports.trial(caller, request);
    if (!loaded.ok) return text(loaded.message);
    return card(renderCard("stats", statsView(loaded.report, deps.format)));
  },
});
