import { DateTime } from "luxon";
import type { Clock } from "../clock.js";
import { buildDailyDigest, type DailyDigest } from "../compliance/dailyDigest.js";
import { loadStatusReport } from "../compliance/loadStatus.js";
import { resolvePeriod, type StatusRequest } from "../compliance/period.js";
import type { StatusReport } from "../compliance/statusReport.js";
import type { WardName } from "../trialStats/area.js";
import { heldLines } from "../outbox/held.js";
import { hasAnyRole, type Caller } from "../people/roles.js";
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

  /** The trial report for a /stats request, its period read at `now`. */
  trial(request: StatsRequest, now = this.clock.now()): Promise<LoadedReport> {
    return this.trialFor(resolveStatsPeriod(request.period, now, this.settings.timeZone), request.filter, now);
  }

  trialFor(period: StatsPeriod, filter: StatusFilter, now = this.clock.now()): Promise<LoadedReport> {
    return loadTrialReport(this.store.repos, this.settings.trial, { period, filter }, now);
  }

  /** The /stats report of the week before `slot` (Monday to Sunday): the inspectors' weekly digest. */
  weekly(slot: Date): Promise<LoadedReport> {
    return this.trialFor(resolveStatsPeriod({ kind: "last week" }, slot, this.settings.timeZone), { kind: "all" });
  }

  /**
   * /status as this caller may see it: HCOPs and inspectors every ward, a supervisor their own; officers by name for
   * the HCOP everywhere and a supervisor in their wards, never for an inspector. Only the HCOP is told what is held
   * for want of a channel: the HCOP (with the admins) binds the channels that release it.
   */
  async status(caller: Caller & { aadObjectId: string }, request: StatusRequest): Promise<StatusOutcome> {
    const { repos } = this.store;
    const seesAll = hasAnyRole(caller, ["hcop", "inspector"]);
    const supervised = new Set(caller.roles.has("supervisor") ? await repos.people.supervisedWards(caller.aadObjectId) : []);
    if (!seesAll && supervised.size === 0) {
      return { ok: false, message: "You supervise no wards yet, so there is nothing to show. Ask an admin or the HCOP to assign your wards (/ward supervise)." };
    }
    const all: WardName[] = (await repos.wards.list()).map(({ code, name, borough, bcu }) => ({ code, name, borough, bcu }));
    const selection = selectVisibleWards(request.filter, all, seesAll ? all : all.filter((w) => supervised.has(w.code)), seesAll);
    if (!selection.ok) return selection;
    const now = this.clock.now();
    const wardCodes = selection.wards.map((w) => w.code);
    const officerWards = new Set(caller.roles.has("hcop") ? wardCodes : wardCodes.filter((code) => supervised.has(code)));
    const report = await loadStatusReport(repos, {
      now,
      period: resolvePeriod(request.period, now, this.settings.timeZone),
      scope: { label: selection.label, wards: selection.wards, officerWards },
      working: this.settings.working,
    });
    const held = caller.roles.has("hcop") ? heldLines(await repos.outbox.held()) : [];
    return { ok: true, report, held };
  }

  /** Yesterday (the local day before `slot`): intake, allocations, deliveries; and what is overdue now. */
  async daily(slot: Date): Promise<{ digest: DailyDigest; day: { from: Date; to: Date } }> {
    const to = DateTime.fromJSDate(slot, { zone: this.settings.timeZone }).startOf("day");
    const day = { from: to.minus({ days: 1 }).toJSDate(), to: to.toJSDate() };
    const { reporting } = this.store.repos;
    const digest = buildDailyDigest(day, this.clock.now(), {
      assessed: await reporting.assessedFacts({ importedFrom: day.from, importedTo: day.to }),
      allocated: await reporting.trialFacts({ allocatedFrom: day.from, allocatedTo: day.to }),
      referrals: await reporting.referralFacts({}),
    });
    return { digest, day };
  }
}
