import { createServices } from "../../src/services.js";
import { systemClock } from "../../src/domain/clock.js";
import { resolvePeriod } from "../../src/domain/compliance/period.js";
import { loadStatusReport } from "../../src/domain/compliance/loadStatus.js";
import { statusReportFromCounts, type StatusReportOptions } from "../../src/domain/compliance/statusReport.js";
import { loadTrialReport, reportSettings } from "../../src/domain/trialStats/loadReport.js";
import { normaliseOutcomeCode } from "../../src/domain/trialStats/followUp.js";
import { trialReportFromCounts } from "../../src/domain/trialStats/report.js";
import type { TrialCountQuery } from "../../src/domain/trialStats/counts.js";
import { localDayStartMinutes } from "../../src/domain/workingTime/zoneOffsets.js";
import type { TrialReport } from "../../src/domain/trialStats/types.js";
import type { StatusReport } from "../../src/domain/compliance/statusReport.js";
import { millisIntoDay, parseClockTime } from "../../src/domain/workingTime/clockTime.js";
import { createLogger } from "../../src/log.js";
import type { AppContext } from "../../src/services.js";
import { benchConfig } from "../lib/bot.js";
import type { Provider } from "../lib/databases.js";
import { writeForceData, type ForceData } from "../lib/forceData.js";
import { profiled, profileMarkdown } from "../lib/profiler.js";
import { table, type Section, type Target } from "../lib/report.js";
import { sqlRunner, statusCellsSql, total, trialCellsSql } from "../lib/reportSql.js";
import { num, showSpread, spread, timed } from "../lib/spread.js";
import type { SuiteContext } from "../lib/suite.js";

const TARGET = 2;

interface Timings {
  stats: number;
  statsSql: number;
  status: number;
  statusSql: number;
}

interface Phases {
  wardsMs: number;
  trialCountsMs: number;
  buildTrialReportMs: number;
  statusCountsMs: number;
  buildStatusReportMs: number;
  heapAfterReadMb: number;
}

interface ProviderResult {
  provider: Provider;
  data: ForceData;
  generateSec: number;
  runs: Timings[];
  phases: Phases;
  checks: string[];
  profiles: string[];
}

/** The /status path of src/teams/commands/status.ts for an HCOP over every ward: loadStatusReport (statusCounts + statusReportFromCounts). */
async function statusReport(deps: AppContext, period: { from: Date; to: Date; label: string }): Promise<StatusReport> {
  const wards = (await deps.store.repos.wards.list()).map(({ code, name, borough }) => ({ code, name, borough }));
  return loadStatusReport(deps.store.repos, statusOptions(deps, wards, period));
}

function statusOptions(deps: AppContext, wards: { code: string; name: string; borough: string }[], period: { from: Date; to: Date; label: string }): StatusReportOptions {
  return {
    now: deps.clock.now(),
    period,
    scope: { label: "All wards", wards, officerWards: new Set(wards.map((w) => w.code)) },
    working: { millisBetween: (a, b) => deps.serviceLevels.calendar.workingMillisBetween(a, b), dayMillis: workingDayMillis(deps) },
  };
}

/** statusCounts as loadStatusReport asks it for an HCOP over every ward. */
function statusQuery(options: StatusReportOptions) {
  const wardCodes = options.scope.wards.map((w) => w.code);
  return { from: options.period.from, to: options.period.to, wardCodes, officerWardCodes: wardCodes, now: options.now };
}

function workingDayMillis(deps: AppContext): number {
  const { dayStart, dayEnd } = deps.config.workingHours;
  return millisIntoDay(parseClockTime(dayEnd, "dayEnd")) - millisIntoDay(parseClockTime(dayStart, "dayStart"));
}

export async function statistics(ctx: SuiteContext): Promise<Section> {
  const cases = ctx.options.quick ? 5_000 : 250_000;
  const results: ProviderResult[] = [];
  for (const provider of ctx.databases.providers) {
    const db = await ctx.databases.create(provider, "stats");
    const store = await db.open();
    const now = new Date();
    ctx.log(`statistics (${provider}): writing ${cases.toLocaleString("en-GB")} cases`);
    const generated = await timed(() => writeForceData(provider, db.url, cases, now));
    const data = generated.value;
    const config = benchConfig(db.url);
    const deps = createServices(config, store, createLogger("silent"), systemClock);
    const settings = reportSettings(config);
    const statsRequest = { period: { from: undefined, to: undefined, label: "Whole trial" }, filter: { kind: "all" as const } };
    const statusPeriod = resolvePeriod({ kind: "range", first: data.first.toISOString().slice(0, 10), last: now.toISOString().slice(0, 10) }, now, config.timeZone);
    const trialSql = trialCellsSql(provider, { now, followUpDays: settings.followUpDays, sets: settings.outcomes });
    const statusSql = statusCellsSql(provider, { now, from: statusPeriod.from, to: statusPeriod.to });
    const sql = await sqlRunner(provider, db.url);
    const stats = () => loadTrialReport(deps.store.repos, settings, statsRequest, deps.clock.now());
    try {
      // Warm-up on one week (the JIT, the page cache, Prisma's plans) — a whole-trial report takes tens of seconds.
      const week = { from: new Date(now.getTime() - 14 * 86_400_000), to: now, label: "warm-up" };
      await loadTrialReport(deps.store.repos, settings, { period: week, filter: { kind: "all" } }, now);
      await statusReport(deps, week);
      await sql.query(trialSql);
      await sql.query(statusSql);
      const runs: Timings[] = [];
      let last: { stats: TrialReport; statsSql: Record<string, unknown>[]; status: StatusReport; statusSql: Record<string, unknown>[] } | undefined;
      for (let run = 0; run < ctx.options.runs; run++) {
        ctx.log(`statistics (${provider}): run ${run + 1}/${ctx.options.runs}`);
        const s = await timed(stats);
        const sSql = await timed(() => sql.query(trialSql));
        const st = await timed(() => statusReport(deps, statusPeriod));
        const stSql = await timed(() => sql.query(statusSql));
        runs.push({ stats: s.ms, statsSql: sSql.ms, status: st.ms, statusSql: stSql.ms });
        if (!s.value.ok) throw new Error(s.value.message);
        last = { stats: s.value.report, statsSql: sSql.value, status: st.value, statusSql: stSql.value };
      }
      const checks = [compareTrial(last!.stats, last!.statsSql), compareStatus(last!.status, last!.statusSql)].map((c) => `${provider}: ${c}`);
      last = undefined;
      const phases = await phasesOf(deps, settings, statusPeriod);
      const profiles: string[] = [];
      if (!ctx.options.quick) {
        ctx.log(`statistics (${provider}): profiling`);
        profiles.push(...(await profilePhases(deps, settings, statusPeriod, provider)));
      }
      results.push({
        provider,
        data,
        generateSec: generated.ms / 1000,
        runs,
        phases,
        checks,
        profiles,
      });
    } finally {
      await sql.close();
      await db.drop();
    }
  }
  return section(results, cases);
}

/** The whole trial's count query, as loadTrialReport asks it. */
function countQuery(settings: ReturnType<typeof reportSettings>, now: Date, wardCodes: string[]): TrialCountQuery {
  return {
    wardCodes,
    followUpDays: settings.followUpDays,
    now,
    attritionCodes: settings.outcomes.attrition.map(normaliseOutcomeCode),
    dayStartMinutes: localDayStartMinutes(settings.timeZone),
  };
}

const WHOLE_TRIAL = { period: "Whole trial", from: undefined, to: undefined, area: "All wards" };

/**
 * Each path's two halves under the profiler: reading (counts for /stats, facts for /status) through the repositories
 * (per database), and building the report from them (pure JavaScript, the same whatever the database: profiled once,
 * with SQLite).
 */
async function profilePhases(deps: AppContext, settings: ReturnType<typeof reportSettings>, statusPeriod: { from: Date; to: Date; label: string }, provider: Provider): Promise<string[]> {
  const repos = deps.store.repos;
  const wards = await repos.wards.list();
  const wardCodes = wards.map((w) => w.code);
  const now = deps.clock.now();
  const out: string[] = [];
  const counts = await profiled(`stats-read-${provider}`, () => repos.reporting.trialCounts(countQuery(settings, now, wardCodes)));
  out.push(profileMarkdown(`/stats, counting in the database (trialCounts), ${provider}`, counts.summary));
  if (provider === "sqlite") {
    const built = await profiled("stats-build", async () => trialReportFromCounts(counts.value, { ...settings, now, scope: WHOLE_TRIAL }));
    out.push(profileMarkdown("/stats, building the report from the counts (trialReportFromCounts, pure)", built.summary));
  }
  const options = statusOptions(deps, wards.map(({ code, name, borough }) => ({ code, name, borough })), statusPeriod);
  const status = await profiled(`status-read-${provider}`, () => repos.reporting.statusCounts(statusQuery(options)));
  out.push(profileMarkdown(`/status, counting in the database (statusCounts), ${provider}`, status.summary));
  if (provider === "sqlite") {
    const built = await profiled("status-build", async () => statusReportFromCounts(status.value, options));
    out.push(profileMarkdown("/status, building the report from the counts (statusReportFromCounts, pure: working-time medians)", built.summary));
  }
  return out;
}

/** Each step of the two paths on its own, once: which part of the time is reading rows and which is counting them. */
async function phasesOf(deps: AppContext, settings: ReturnType<typeof reportSettings>, statusPeriod: { from: Date; to: Date; label: string }): Promise<Phases> {
  const repos = deps.store.repos;
  const wards = await timed(() => repos.wards.list());
  const wardCodes = wards.value.map((w) => w.code);
  const now = deps.clock.now();
  const counts = await timed(() => repos.reporting.trialCounts(countQuery(settings, now, wardCodes)));
  const built = await timed(async () => trialReportFromCounts(counts.value, { ...settings, now, scope: WHOLE_TRIAL }));
  const options = statusOptions(deps, wards.value.map(({ code, name, borough }) => ({ code, name, borough })), statusPeriod);
  const statusCounts = await timed(() => repos.reporting.statusCounts(statusQuery(options)));
  const heapAfterReadMb = process.memoryUsage().heapUsed / 1024 / 1024;
  const status = await timed(async () => statusReportFromCounts(statusCounts.value, options));
  return {
    wardsMs: wards.ms,
    trialCountsMs: counts.ms,
    buildTrialReportMs: built.ms,
    statusCountsMs: statusCounts.ms,
    buildStatusReportMs: status.ms,
    heapAfterReadMb,
  };
}

/** The SQL baseline must count what the report counts, or the comparison means nothing. */
function compareTrial(report: TrialReport, rows: Record<string, unknown>[]): string {
  const trial = (arm: string) => (row: Record<string, unknown>) => row.kind === "trial" && row.method === "randomised" && row.arm === arm;
  const assessed = (row: Record<string, unknown>) => row.kind === "assessed";
  const pairs: [string, number, number][] = [
    ["assessed", report.flow.assessed, total(rows, "n", assessed)],
    ["ineligible", report.flow.ineligible.total, total(rows, "attrition", assessed)],
    ["not allocated", report.flow.notAllocated, total(rows, "charge", assessed)],
    ["SRC allocated", report.flow.src.allocated, total(rows, "n", trial("SRC"))],
    ["BAU allocated", report.flow.bau.allocated, total(rows, "n", trial("BAU"))],
    ["SRC excluded", report.flow.src.excludedAfterRandomisation, total(rows, "excluded", trial("SRC"))],
    ["SRC delivered", report.flow.src.delivered, total(rows, "delivered", trial("SRC"))],
    ["SRC unable", report.flow.src.notDelivered.unableToContact, total(rows, "unable", trial("SRC"))],
    ["SRC still open", report.flow.src.notDelivered.stillOpen, total(rows, "still_open", trial("SRC"))],
    ["SRC unclaimed", report.flow.src.notDelivered.unclaimed, total(rows, "unclaimed", trial("SRC"))],
    ["SRC expired", report.flow.src.notDelivered.expired, total(rows, "expired", trial("SRC"))],
    ["SRC in follow-up", report.flow.src.inFollowUp, total(rows, "in_follow_up", trial("SRC"))],
    ["BAU censored", report.flow.bau.censored, total(rows, "censored", trial("BAU"))],
    ["SRC analysed", report.outcomes.attrition.src.n, total(rows, "analysed", trial("SRC"))],
    ["SRC attrition", report.outcomes.attrition.src.events, total(rows, "attrition", trial("SRC"))],
    ["BAU attrition", report.outcomes.attrition.bau.events, total(rows, "attrition", trial("BAU"))],
    ["SRC charge", report.outcomes.charge.src.events, total(rows, "charge", trial("SRC"))],
    ["BAU positive", report.outcomes.positive.bau.events, total(rows, "positive", trial("BAU"))],
    ["SRC received (complier)", report.complier?.receivedSrc ?? 0, total(rows, "analysed_delivered", trial("SRC"))],
  ];
  return agreement("/stats", pairs);
}

function compareStatus(report: StatusReport, rows: Record<string, unknown>[]): string {
  const ward = (row: Record<string, unknown>) => row.kind === "ward";
  const t = report.totals;
  const pairs: [string, number, number][] = [
    ["referred", t.referred, total(rows, "referred", ward)],
    ["claimed", t.claimed, total(rows, "claimed", ward)],
    ["delivered", t.delivered, total(rows, "delivered", ward)],
    ["unable", t.unableToContact, total(rows, "unable", ward)],
    ["expired", t.expired, total(rows, "expired", ward)],
    ["open", t.open, total(rows, "open", ward)],
    ["unclaimed", t.unclaimed, total(rows, "unclaimed", ward)],
    ["overdue", t.overdue, total(rows, "overdue", ward)],
    ["officers", report.officers?.length ?? 0, rows.filter((r) => r.kind === "officer").length],
    ["wards", report.wards.length, rows.filter(ward).length],
  ];
  return agreement("/status", pairs);
}

function agreement(what: string, pairs: [string, number, number][]): string {
  const differ = pairs.filter(([, a, b]) => a !== b);
  if (differ.length === 0) return `the SQL aggregate agrees with ${what} on all ${pairs.length} figures checked (${pairs.map(([n, v]) => `${n} ${v}`).join(", ")}).`;
  return `**the SQL aggregate disagrees with ${what}**: ${differ.map(([n, a, b]) => `${n} report ${a} vs SQL ${b}`).join("; ")}.`;
}

function section(results: ProviderResult[], cases: number): Section {
  const targets: Target[] = [];
  const rows: string[][] = [];
  for (const r of results) {
    const statsRatio = spread(r.runs.map((t) => t.stats / t.statsSql));
    const statusRatio = spread(r.runs.map((t) => t.status / t.statusSql));
    rows.push([r.provider, "/stats (loadTrialReport)", showSpread(spread(r.runs.map((t) => t.stats)), " ms"), showSpread(spread(r.runs.map((t) => t.statsSql)), " ms"), `**${showSpread(statsRatio, "×")}**`]);
    rows.push([r.provider, "/status (loadStatusReport)", showSpread(spread(r.runs.map((t) => t.status)), " ms"), showSpread(spread(r.runs.map((t) => t.statusSql)), " ms"), `**${showSpread(statusRatio, "×")}**`]);
    targets.push({ name: `${r.provider}: /stats ≤ ${TARGET} × SQL aggregate`, figure: `${num(statsRatio.median)}× (${num(statsRatio.min)}–${num(statsRatio.max)})`, met: statsRatio.median <= TARGET });
    targets.push({ name: `${r.provider}: /status ≤ ${TARGET} × SQL aggregate`, figure: `${num(statusRatio.median)}× (${num(statusRatio.min)}–${num(statusRatio.max)})`, met: statusRatio.median <= TARGET });
  }
  const phaseRows = results.map((r) => {
    const p = r.phases;
    return [r.provider, num(p.wardsMs), num(p.trialCountsMs), num(p.buildTrialReportMs), num(p.statusCountsMs), num(p.buildStatusReportMs), num(p.heapAfterReadMb)];
  });
  const data = results[0]?.data;
  return {
    title: `2. Statistics at force scale: /stats and /status over ${cases.toLocaleString("en-GB")} cases`,
    method: [
      `${cases.toLocaleString("en-GB")} cases (a force's ${Math.round(cases / 22_421)} years at 22,421 a year) written with Prisma \`createMany\` in batches of 2,000` +
        (data ? `: ${data.allocated.toLocaleString("en-GB")} randomised by the real engine (permuted blocks, by borough) and ${data.referrals.toLocaleString("en-GB")} SRC referrals in every state, with contacts, attempts, outcomes (≈85% known) and exclusions, over 79 wards` : "") +
        ` (${results.map((r) => `${r.provider} ${num(r.generateSec)} s`).join(", ")} to write).`,
      "Timed: `loadTrialReport` (src/domain/trialStats/loadReport.ts, the one path behind /stats: `trialCounts`, one statement counting the allocated cases four ways plus one for the assessed, then `trialReportFromCounts`) for the whole trial and all wards; the /status path of src/teams/commands/status.ts for an HCOP over every ward and the whole period (`loadStatusReport`: `statusCounts` — per ward with each referral's claim and contact times as text, per officer, the overdue list — then `statusReportFromCounts`, with the working-time calendar). Each after a warm-up, interleaved with its baseline.",
      `Baseline: one SQL statement per report, run straight through the driver, that counts the same cells in the database (bench/lib/reportSql.ts): for /stats, GROUP BY arm, method and ward with SUM(CASE …) for allocated, excluded, delivered, each reason for non-delivery, outcome known / in follow-up / censored and membership of each outcome code set among the known, UNION ALL the assessed and ineligible cases per ward; for /status, GROUP BY ward UNION ALL GROUP BY officer of referred, claimed, delivered, unable, expired, open, unclaimed, overdue. The report's own results are checked against the SQL's (below), so both count the same thing. What SQL does not do here: the /status medians in working time (a calendar with bank holidays) and the /stats statistics (intervals, Fisher, power, weekly trend in London time) — those work on the counts, see the phase timings.`,
      `Target: report ≤ ${TARGET} × SQL.`,
    ].join("\n"),
    figures: [
      table(["DB", "Report", "Report time", "SQL aggregate", "Ratio"], rows),
      "",
      "Agreement between each report and its SQL aggregate:",
      "",
      ...results.flatMap((r) => r.checks.map((c) => `- ${c}`)),
      "",
      "Where the report's time goes — each step once, after the timed runs (ms):",
      "",
      table(["DB", "wards.list", "trialCounts (SQL)", "trialReportFromCounts (pure)", "statusCounts (SQL)", "statusReportFromCounts (pure)", "JS heap after reading (MiB)"], phaseRows),
    ].join("\n"),
    targets,
    evidence: results.some((r) => r.profiles.length > 0) ? ["### Profiles", "", ...results.flatMap((r) => r.profiles.flatMap((p) => [p, ""]))].join("\n") : "",
  };
}
