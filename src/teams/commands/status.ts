import { parseStatusRequest, resolvePeriod, type StatusFilter, type StatusRequest } from "../../domain/compliance/period.js";
import { loadStatusReport } from "../../domain/compliance/loadStatus.js";
import { heldLines } from "../../domain/outbox/held.js";
import type { WardRef } from "../../domain/compliance/statusReport.js";
import { hasAnyRole, type Caller } from "../../domain/people/roles.js";
import { unknownWardMessage } from "../../domain/wards/suggest.js";
import { normaliseWardCode } from "../../domain/wards/ward.js";
import { millisIntoDay, parseClockTime } from "../../domain/workingTime/clockTime.js";
import { renderCard } from "../cards/render.js";
import type { BotDeps } from "../deps.js";
import { statusView } from "../views/status.js";
import { card, defineCommand, requireRoles, text, type Parsed } from "./command.js";

const usage = "/status [this week | last week | from <date> to <date>] [ward <code> | borough <name>]";
const roles = ["hcop", "inspector", "supervisor"] as const;

type Selection = { ok: true; wards: WardRef[]; label: string } | { ok: false; message: string };

const named = (wards: readonly WardRef[]) => wards.map((w) => `${w.name} (${w.code})`).join(", ");

/**
 * The wards the request names, within those the caller may see. A supervisor asking for a ward or borough outside
 * their own is told so and given nothing of it; unknown names get the known ones.
 */
function select(filter: StatusFilter, all: readonly WardRef[], visible: readonly WardRef[], seesAll: boolean): Selection {
  if (filter.kind === "all") return { ok: true, wards: [...visible], label: seesAll ? "All wards" : `Your wards: ${named(visible)}` };
  if (filter.kind === "ward") {
    const code = normaliseWardCode(filter.code);
    const ward = all.find((w) => w.code === code);
    if (!ward) return { ok: false, message: unknownWardMessage(filter.code, all.map((w) => w.code)) };
    if (!visible.some((w) => w.code === code)) {
      return { ok: false, message: `${ward.name} (${ward.code}) is not one of your wards, so its figures are not shown. You supervise ${named(visible)}.` };
    }
    return { ok: true, wards: [ward], label: `Ward ${ward.name} (${ward.code})` };
  }
  const borough = all.find((w) => w.borough.toLowerCase() === filter.name.toLowerCase())?.borough;
  if (!borough) {
    const known = [...new Set(all.map((w) => w.borough))].sort((a, b) => a.localeCompare(b, "en-GB"));
    const name = filter.name.length > 40 ? `${filter.name.slice(0, 40)}…` : filter.name;
    return { ok: false, message: `Unknown borough "${name}". ${known.length > 0 ? `Known boroughs: ${known.join(", ")}.` : "No wards are loaded yet."}` };
  }
  const inBorough = visible.filter((w) => w.borough === borough);
  if (inBorough.length === 0) return { ok: false, message: `None of your wards is in ${borough}. You supervise ${named(visible)}.` };
  return { ok: true, wards: inBorough, label: seesAll ? `Borough ${borough}` : `Your wards in ${borough}: ${named(inBorough)}` };
}

/** Opening to closing on a working day: the unit of "working days". */
function workingDayMillis(deps: BotDeps): number {
  const { dayStart, dayEnd } = deps.config.workingHours;
  return millisIntoDay(parseClockTime(dayEnd, "dayEnd")) - millisIntoDay(parseClockTime(dayStart, "dayStart"));
}

async function report(deps: BotDeps, caller: Caller, request: StatusRequest) {
  const seesAll = hasAnyRole(caller, ["hcop", "inspector"]);
  const supervised = new Set(caller.roles.has("supervisor") ? await deps.store.repos.people.supervisedWards(caller.aadObjectId!) : []);
  if (!seesAll && supervised.size === 0) {
    return text("You supervise no wards yet, so there is nothing to show. Ask an admin or the HCOP to assign your wards (/ward supervise).");
  }
  const all: WardRef[] = (await deps.store.repos.wards.list()).map(({ code, name, borough }) => ({ code, name, borough }));
  const selection = select(request.filter, all, seesAll ? all : all.filter((w) => supervised.has(w.code)), seesAll);
  if (!selection.ok) return text(selection.message);

  const now = deps.clock.now();
  const period = resolvePeriod(request.period, now, deps.config.timeZone);
  const wardCodes = selection.wards.map((w) => w.code);
  // Officers by name: the HCOP everywhere, a supervisor in their own wards, an inspector nowhere.
  const officerWards = new Set(caller.roles.has("hcop") ? wardCodes : wardCodes.filter((code) => supervised.has(code)));
  const built = await loadStatusReport(deps.store.repos, {
    now,
    period,
    scope: { label: selection.label, wards: selection.wards, officerWards },
    working: { millisBetween: (a, b) => deps.serviceLevels.calendar.workingMillisBetween(a, b), dayMillis: workingDayMillis(deps) },
  });
  // Only the HCOP's card says what is held: the HCOP (with the admins) binds the channels that release it.
  const held = caller.roles.has("hcop") ? heldLines(await deps.store.repos.outbox.held()) : [];
  return card(renderCard("status", statusView(built, deps.format, held)));
}

export const status = defineCommand({
  name: "status",
  usage,
  description: "Compliance by ward and officer: referred, claimed, contacts made, overdue",
  roles,
  authorize: requireRoles("status", roles),
  parse(rest): Parsed<StatusRequest> {
    const parsed = parseStatusRequest(rest);
    return parsed.ok ? { ok: true, args: parsed.request } : { ok: false, message: `${parsed.message} Usage: ${usage}` };
  },
  handle: ({ deps, caller }, request) => report(deps, caller, request),
});
