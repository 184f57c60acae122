import { formatP, percent, plural, points, ratio } from "../../domain/trialStats/format.js";
import { chanceVerdict } from "../../domain/trialStats/reading.js";
import { OUTCOME_KEYS, type ArmFlow, type BreakdownRow, type OutcomeAnalysis, type TrialReport } from "../../domain/trialStats/types.js";
import { statsTrendView, type StatsTrendView } from "./statsTrend.js";
import type { StatsRow } from "./statsRow.js";

// A card holds about 28 KB in Teams; past this the rest is counted, not listed (`reassure stats` has everything).
const MAX_WARDS = 40;

export interface StatsOutcomeView {
  label: string;
  rows: StatsRow[];
  verdict: string;
  notes: string;
}

/**
 * Every value is text, worded here. Counts and rates only: no crime references, and never the hate strand (the strand
 * breakdown stays in the analysts' CLI output).
 */
export interface StatsView extends StatsTrendView {
  period: string;
  area: string;
  asAt: string;
  headline: string;
  flow: StatsRow[];
  delivery: string;
  outcomes: StatsOutcomeView[];
  complier: string;
  perProtocol: string;
  perProtocolCaveat: string;
  power: string;
  projection: string;
  wardsTitle: string;
  wards: StatsRow[];
  wardsMore: string;
  /** Over several BCUs: the pooled attrition reading and each BCU's counts. */
  unitsTitle: string;
  unitsReading: string;
  units: StatsRow[];
  method: string;
}

function followUp(arm: ArmFlow, days: number): string {
  return `outcome known ${arm.outcomeKnown} · awaiting outcome ${arm.inFollowUp} · no outcome within ${days} days ${arm.censored} → analysed ${arm.analysed}`;
}

function flowRows(r: TrialReport): StatsRow[] {
  const f = r.flow;
  const nd = f.src.notDelivered;
  const why = [
    [nd.unableToContact, "unable to contact"],
    [nd.stillOpen, "claimed, contact not yet made"],
    [nd.unclaimed, "unclaimed or released"],
    [nd.expired, "expired"],
    [nd.excluded, "excluded after randomisation"],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, what]) => `${n} ${what}`)
    .join(", ");
  const reasons = f.ineligible.reasons.map((x) => `${x.count} ${x.reason}`).join(", ");
  const excludedBau = f.bau.excludedAfterRandomisation;
  return [
    { title: "Assessed", value: `${plural(f.assessed, "case")} received` },
    { title: "Not randomised", value: `${f.ineligible.total} not eligible${reasons ? ` (${reasons})` : ""}; ${f.notAllocated} eligible, not allocated yet` },
    ...(f.rollout.allocated > 0 ? [{ title: "Rollout wards", value: `${f.rollout.allocated} referred without randomisation, ${f.rollout.delivered} delivered: outside the trial analysis` }] : []),
    { title: "Randomised", value: String(f.randomised) },
    { title: "SRC", value: `${f.src.allocated} allocated · delivered ${f.src.delivered} · not delivered ${nd.total}${why ? ` (${why})` : ""}` },
    { title: "SRC follow-up", value: followUp(f.src, r.followUpDays) },
    { title: "BAU", value: `${f.bau.allocated} allocated${excludedBau > 0 ? ` (${excludedBau} excluded after randomisation, still analysed)` : ""}` },
    { title: "BAU follow-up", value: followUp(f.bau, r.followUpDays) },
  ];
}

const VERDICTS = {
  unlikely: "Unlikely to be chance (the interval excludes no difference and p < 0.05).",
  possible: "Could be chance (the interval includes no difference, p ≥ 0.05).",
  borderline: "Borderline: the interval and Fisher's test disagree; treat it as possibly chance.",
} as const;

function outcomeView(o: OutcomeAnalysis, followUpDays: number): StatsOutcomeView {
  const r = o.result;
  const arm = (a: { events: number; n: number }) => `${a.n === 0 ? "—" : percent(a.events / a.n)} (${a.events} of ${a.n})`;
  const label = `${o.label} (codes ${o.codes.join(", ")})`;
  if (r === null) return { label, rows: [{ title: "SRC", value: arm(o.src) }, { title: "BAU", value: arm(o.bau) }], verdict: `Nothing to compare yet: both arms need cases with an outcome within ${followUpDays} days.`, notes: "" };
  const chi = r.chiSquareP === null ? "chi-square undefined (an expected count is 0)" : `chi-square ${formatP(r.chiSquareP)}`;
  return {
    label,
    rows: [
      { title: "SRC", value: arm(o.src) },
      { title: "BAU", value: arm(o.bau) },
      { title: "Relative risk", value: `${ratio(r.rr)} (95% CI ${ratio(r.rrLower)}–${ratio(r.rrUpper)})` },
      { title: "Difference", value: `${points(r.rd)} points (95% CI ${points(r.rdLower)} to ${points(r.rdUpper)})` },
      { title: "Tests", value: `Fisher ${formatP(r.fisherP)} · ${chi}` },
    ],
    verdict: VERDICTS[chanceVerdict(r)],
    notes: [
      r.rrCorrected ? "A cell is zero: 0.5 was added to every cell for the relative risk." : "",
      r.expectedBelow5 ? "An expected count is below 5: rely on Fisher's p, not chi-square." : "",
    ]
      .filter(Boolean)
      .join(" "),
  };
}

const cell = (c: BreakdownRow[keyof BreakdownRow]) => String(c);

function wardRow(w: BreakdownRow): StatsRow {
  return {
    title: w.key,
    value: `SRC ${cell(w.randomisedSrc)} (delivered ${cell(w.delivered)}) · BAU ${cell(w.randomisedBau)} · attrition SRC ${cell(w.attritionSrc)} of ${cell(w.analysedSrc)}, BAU ${cell(w.attritionBau)} of ${cell(w.analysedBau)}`,
  };
}

export function statsView(r: TrialReport, format: (at: Date) => string): StatsView {
  const wards = r.byWard.slice(0, MAX_WARDS);
  const pp = r.perProtocol;
  return {
    period: r.scope.period,
    area: r.scope.area,
    asAt: `Figures as at ${format(r.generatedAt)}.`,
    headline: r.headline,
    flow: flowRows(r),
    delivery: `Delivery: ${r.delivery.count} of ${r.delivery.of} randomised SRC cases received contact (${r.delivery.rate === null ? "—" : percent(r.delivery.rate)}).`,
    outcomes: OUTCOME_KEYS.map((key) => outcomeView(r.outcomes[key], r.followUpDays)),
    complier: r.complier?.reading ?? "Needs analysed cases in both arms.",
    perProtocol: pp ? `Delivered SRC ${percent(pp.riskTreatment)} v BAU ${percent(pp.riskControl)}: relative risk ${ratio(pp.rr)} (95% CI ${ratio(pp.rrLower)}–${ratio(pp.rrUpper)}), Fisher ${formatP(pp.fisherP)}.` : "Needs delivered SRC cases and BAU cases with outcomes.",
    perProtocolCaveat: pp?.caveat ?? "",
    power: r.power.reading,
    projection: r.projection?.reading ?? "Needs an attrition comparison.",
    ...statsTrendView(r.trend),
    wardsTitle: r.byWard.length > 1 ? "By ward (counts below 5 shown as <5; [c] hides a count that would reveal one)" : "",
    wards: r.byWard.length > 1 ? wards.map(wardRow) : [],
    wardsMore: r.byWard.length > wards.length ? `${r.byWard.length - wards.length} more wards: narrow with ward <code> or borough <name>.` : "",
    unitsTitle: r.acrossUnits ? "Across BCUs (each BCU a stratum; counts below 5 shown as <5)" : "",
    unitsReading: r.acrossUnits?.reading ?? "",
    units: r.acrossUnits ? r.acrossUnits.rows.map(wardRow) : [],
    method:
      `Intention to treat: every randomised case counts in the arm it was allocated to, delivered or not, excluded or not; ` +
      `rollout cases are not in the analysis. An outcome counts if dated within ${r.followUpDays} days of randomisation. ` +
      `Relative risk: Katz 95% interval; difference: Newcombe hybrid score interval; p: Fisher's exact test (two-sided).`,
  };
}
