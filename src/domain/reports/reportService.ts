import { DateTime } from "luxon";
import type { Clock } from "../clock.js";
import { buildDailyDigest, type DailyDigest } from "../compliance/dailyDigest.js";
import { loadStatusReport } from "../compliance/loadStatus.js";
import { resolvePeriod, type StatusRequest } from "../compliance/period.js";
import type { StatusReport } from "../compliance/statusReport.js";
import type { WardName } from "../trialStats/area.js";
import { heldLines } from "../outbox/held.js";
import type { IdentifiedCaller, Role } from "../people/roles.js";
import { describeUnits, holdsIn, unitsWhere } from "../people/scope.js";
import { selectArea } from "../trialStats/area.js";
import type { Store } from "../ports.js";
import { loadTrialReport, type LoadedReport, type TrialReportSettings } from "../trialStats/loadReport.js";
import { resolveStatsPeriod, type StatsPeriod, type StatsRequest } from "../trialStats/period.js";
import type { StatusFilter } from "../compliance/period.js";
import { selectVisibleWards } from "./statusVisibility.js";

export interface ReportSettings {
  trial: TrialReportSettings;
  timeZone: string;
  /** Working time between two instants, and the length of a working day, for /status's medians. */
  working: { millisBetween(a: Date, b: Date): number; dayMillis: number };
}

/** The roles that read reports for a whole area: force-wide, or for the BCUs they hold them in. */
const READERS: readonly Role[] = ["hcop", "inspector"];

export type StatusOutcome = { ok: true; report: StatusReport; held: string[] } | { ok: false; message: string };

/**
 * Every report Reassure shows — /status, /stats, the daily and weekly digests — read from the store in one place, with
 * who may see what decided here rather than in the chat or the command line.
 */
export class ReportService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly settings: ReportSettings,
  ) {}

  /**
   * The trial report for a /stats request, its period read at `now`, within the BCUs the caller is HCOP or inspector
   * for: force-wide readers see any area; a BCU's reader sees their BCU (by default) and is refused any other.
   */
  async trial(caller: Pick<IdentifiedCaller, "roles" | "holdings">, request: StatsRequest, now = this.clock.now()): Promise<LoadedReport> {
    const filter = await this.readableArea(caller, request.filter);
    if (!filter.ok) return filter;
    return this.trialFor(resolveStatsPeriod(request.period, now, this.settings.timeZone), filter.filter, now);
  }

  /** The area a reader scoped to BCUs may ask about: their BCU when they name none; a refusal outside their BCUs. */
  private async readableArea(caller: Pick<IdentifiedCaller, "roles" | "holdings">, filter: StatusFilter): Promise<{ ok: true; filter: StatusFilter } | { ok: false; message: string }> {
    const units = unitsWhere(caller, READERS);
    if (units === "force") return { ok: true, filter };
    const yours = `Your role covers ${describeUnits(units)}`;
    if (filter.kind === "all") {
      if (units.size === 1) return { ok: true, filter: { kind: "bcu", name: [...units][0]! } };
      return { ok: false, message: `${yours}: name one of them (bcu <name>).` };
    }
    const wards = await this.store.repos.wards.list();
    const area = selectArea(filter, wards);
    if (!area.ok) return area;
    const named = new Set(area.wardCodes);
    if (wards.some((w) => named.has(w.code) && !units.has(w.bcu))) return { ok: false, message: `${area.label} is outside your BCU, so its figures are not shown. ${yours}.` };
    return { ok: true, filter };
  }

  trialFor(period: StatsPeriod, filter: StatusFilter, now = this.clock.now()): Promise<LoadedReport> {
    return loadTrialReport(this.store.repos, this.settings.trial, { period, filter }, now);
  }

  /** The /stats report of the week before `slot` (Monday to Sunday), of the force or one BCU: the inspectors' weekly digest. */
  weekly(slot: Date, bcu?: string): Promise<LoadedReport> {
    return this.trialFor(resolveStatsPeriod({ kind: "last week" }, slot, this.settings.timeZone), bcu === undefined ? { kind: "all" } : { kind: "bcu", name: bcu });
  }

  /**
   * /status as this caller may see it: HCOPs and inspectors every ward, a supervisor their own; officers by name for
   * the HCOP everywhere and a supervisor in their wards, never for an inspector. Only the HCOP is told what is held
   * for want of a channel: the HCOP (with the admins) binds the channels that release it.
   */
  async status(caller: IdentifiedCaller, request: StatusRequest): Promise<StatusOutcome> {
    const { repos } = this.store;
    const units = unitsWhere(caller, READERS);
    const seesAll = units === "force";
    const supervised = new Set(caller.roles.has("supervisor") ? await repos.people.supervisedWards(caller.aadObjectId) : []);
    if (!seesAll && units.size === 0 && supervised.size === 0) {
      return { ok: false, message: "You supervise no wards yet, so there is nothing to show. Ask an admin or the HCOP to assign your wards (/ward supervise)." };
    }
    const all: WardName[] = (await repos.wards.list()).map(({ code, name, borough, bcu }) => ({ code, name, borough, bcu }));
    const visible = seesAll ? all : all.filter((w) => units.has(w.bcu) || supervised.has(w.code));
    const reader = seesAll ? undefined : units.size > 0 ? { label: describeUnits(units), yours: `Your role covers ${describeUnits(units)}.` } : undefined;
    const selection = selectVisibleWards(request.filter, all, visible, seesAll, reader);
    if (!selection.ok) return selection;
    const now = this.clock.now();
    const wardCodes = selection.wards.map((w) => w.code);
    const bcuOf = new Map(all.map((w) => [w.code, w.bcu]));
    const officerWards = new Set(wardCodes.filter((code) => holdsIn(caller, ["hcop"], bcuOf.get(code)!) || supervised.has(code)));
    const report = await loadStatusReport(repos, {
      now,
      period: resolvePeriod(request.period, now, this.settings.timeZone),
      scope: { label: selection.label, wards: selection.wards, officerWards },
      working: this.settings.working,
    });
    // A BCU's HCOP is told what waits in their wards; the force's pseudo-wards (coordination, inspectors) only force-wide.
    const hcopUnits = unitsWhere(caller, ["hcop"]);
    const theirs = (wardCode: string) => hcopUnits === "force" || (bcuOf.has(wardCode) && hcopUnits.has(bcuOf.get(wardCode)!));
    const held = caller.roles.has("hcop") ? heldLines((await repos.outbox.held()).filter((g) => theirs(g.wardCode))) : [];
    return { ok: true, report, held };
  }

  /** Yesterday (the local day before `slot`), of the force or one BCU: intake, allocations, deliveries; and what is overdue now. */
  async daily(slot: Date, bcu?: string): Promise<{ digest: DailyDigest; day: { from: Date; to: Date } }> {
    const to = DateTime.fromJSDate(slot, { zone: this.settings.timeZone }).startOf("day");
    const day = { from: to.minus({ days: 1 }).toJSDate(), to: to.toJSDate() };
    const { reporting, wards } = this.store.repos;
    const inUnit = bcu === undefined ? {} : { wardCodes: (await wards.list()).filter((w) => w.bcu === bcu).map((w) => w.code) };
    const digest = buildDailyDigest(day, this.clock.now(), {
      assessed: await reporting.assessedFacts({ importedFrom: day.from, importedTo: day.to, ...inUnit }),
      allocated: await reporting.trialFacts({ allocatedFrom: day.from, allocatedTo: day.to, ...inUnit }),
      referrals: await reporting.referralFacts(inUnit),
    });
    return { digest, day };
  }
}
