import { formatP, percent, points, ratio } from "./format.js";
import type { ArmFlow, BreakdownRow, OutcomeAnalysis, TrialReport } from "./types.js";

/**
 * The report as plain text for the command line: everything the card shows, every week, and the strand breakdown
 * when strands are stored (analysts only; it never goes to a channel). Figures are rounded for reading; `--json`
 * carries them unrounded.
 */
export function trialReportText(r: TrialReport): string {
  const f = r.flow;
  const nd = f.src.notDelivered;
  const lines = [
    `Trial statistics — ${r.scope.period} — ${r.scope.area}`,
    ``,
    r.headline,
    ``,
    `Flow`,
    `  Assessed (received)          ${f.assessed}`,
    `  Not eligible                 ${f.ineligible.total}${f.ineligible.reasons.map((x) => `\n    ${String(x.count).padStart(5)}  ${x.reason}`).join("")}`,
    `  Eligible, not allocated yet  ${f.notAllocated}`,
    `  Rollout (not randomised)     ${f.rollout.allocated} referred, ${f.rollout.delivered} delivered — outside the trial analysis`,
    `  Randomised                   ${f.randomised}`,
    `  SRC allocated                ${f.src.allocated}`,
    `    delivered                  ${f.src.delivered}`,
    `    not delivered              ${nd.total}: unable to contact ${nd.unableToContact}, claimed not yet contacted ${nd.stillOpen}, unclaimed or released ${nd.unclaimed}, expired ${nd.expired}, excluded after randomisation ${nd.excluded}`,
    ...armLines(f.src, r.followUpDays),
    `  BAU allocated                ${f.bau.allocated}`,
    ...armLines(f.bau, r.followUpDays),
    ``,
    `Delivery: ${r.delivery.count} of ${r.delivery.of} randomised SRC cases (${r.delivery.rate === null ? "—" : percent(r.delivery.rate)}).`,
    ``,
    `Outcomes by arm (intention to treat; an outcome counts within ${r.followUpDays} days of randomisation)`,
    ...Object.values(r.outcomes).flatMap(outcomeLines),
    ``,
    `Effect of receiving SRC (complier average causal effect)`,
    `  ${r.complier?.reading ?? "Needs analysed cases in both arms."}`,
    ``,
    `Per-protocol (biased)`,
    r.perProtocol
      ? `  Delivered SRC ${percent(r.perProtocol.riskTreatment)} v BAU ${percent(r.perProtocol.riskControl)}: relative risk ${ratio(r.perProtocol.rr)} (95% CI ${ratio(r.perProtocol.rrLower)}–${ratio(r.perProtocol.rrUpper)}), Fisher ${formatP(r.perProtocol.fisherP)}.\n  ${r.perProtocol.caveat}`
      : "  Needs delivered SRC cases and BAU cases with outcomes.",
    ``,
    `Power`,
    `  ${r.power.reading}`,
    ``,
    `Force-scale projection`,
    `  ${r.projection?.reading ?? "Needs an attrition comparison."}`,
    ``,
    `Weekly trend          randomised SRC  BAU  delivered  attrition SRC  attrition BAU`,
    ...r.trend.map(
      (w) =>
        `  ${w.week.padEnd(20)}${String(w.randomisedSrc).padStart(14)}${String(w.randomisedBau).padStart(5)}${String(w.delivered).padStart(11)}` +
        `${`${w.attritionSrc.events}/${w.attritionSrc.n}`.padStart(15)}${`${w.attritionBau.events}/${w.attritionBau.n}`.padStart(15)}`,
    ),
    ...(r.acrossUnits ? ["", "Across BCUs", `  ${r.acrossUnits.reading}`, ...breakdownLines("By BCU", r.acrossUnits.rows)] : []),
    ...breakdownLines("By ward", r.byWard),
    ...(r.byStrand ? breakdownLines("By strand (sensitive: do not publish)", r.byStrand) : []),
  ];
  return lines.join("\n");
}

function armLines(arm: ArmFlow, days: number): string[] {
  return [
    `    excluded after randomisation ${arm.excludedAfterRandomisation} (kept in the analysis)`,
    `    outcome known ${arm.outcomeKnown}, awaiting outcome ${arm.inFollowUp}, no outcome within ${days} days ${arm.censored}`,
    `    analysed                   ${arm.analysed}`,
  ];
}

function outcomeLines(o: OutcomeAnalysis): string[] {
  const arm = (a: { events: number; n: number }) => `${a.events}/${a.n}${a.n > 0 ? ` (${percent(a.events / a.n)})` : ""}`;
  const head = `  ${o.label} (codes ${o.codes.join(", ")}): SRC ${arm(o.src)}, BAU ${arm(o.bau)}`;
  const r = o.result;
  if (r === null) return [head, `    ${o.reading}`];
  return [
    head,
    `    relative risk ${ratio(r.rr)} (95% CI ${ratio(r.rrLower)}–${ratio(r.rrUpper)})${r.rrCorrected ? " — 0.5 added to every cell, as one was zero" : ""}`,
    `    difference ${points(r.rd)} points (95% CI ${points(r.rdLower)} to ${points(r.rdUpper)})`,
    `    Fisher ${formatP(r.fisherP)}; chi-square ${r.chiSquareP === null ? "undefined" : formatP(r.chiSquareP)}${r.expectedBelow5 ? " — an expected count is below 5: rely on Fisher" : ""}`,
  ];
}

function breakdownLines(title: string, rows: readonly BreakdownRow[]): string[] {
  if (rows.length === 0) return [];
  const c = (x: BreakdownRow[keyof BreakdownRow]) => String(x).padStart(9);
  return [
    ``,
    `${title} (counts below 5 shown as <5; [c] hides a count that would reveal one)`,
    `  ${"".padEnd(22)}${["SRC", "delivered", "BAU", "SRC anal.", "SRC attr.", "BAU anal.", "BAU attr."].map((h) => h.padStart(9)).join(" ")}`,
    ...rows.map((w) => `  ${w.key.padEnd(22)}${[w.randomisedSrc, w.delivered, w.randomisedBau, w.analysedSrc, w.attritionSrc, w.analysedBau, w.attritionBau].map(c).join(" ")}`),
  ];
}
