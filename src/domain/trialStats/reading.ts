import type { TwoByTwoResult } from "../../stats/index.js";
import { formatP, percent, plural, points, ratio, whole } from "./format.js";
import type { ComplierSummary, OutcomeAnalysis, PowerSummary } from "./types.js";

/** Below this, a study is usually judged too small to rely on for the effect it was sized for. */
export const ADEQUATE_POWER = 0.8;

export type ChanceVerdict = "unlikely" | "possible" | "borderline";

/** Both the interval and Fisher's test must agree before a difference is called unlikely to be chance. */
export function chanceVerdict(r: TwoByTwoResult): ChanceVerdict {
  const intervalExcludesNone = r.rrUpper < 1 || r.rrLower > 1;
  const significant = r.fisherP < 0.05;
  if (intervalExcludesNone && significant) return "unlikely";
  return intervalExcludesNone || significant ? "borderline" : "possible";
}

const VERDICT_TEXT: Record<ChanceVerdict, string> = {
  unlikely: "the interval excludes no difference and p < 0.05: a difference this large would be unlikely if SRC made none",
  possible: "the interval includes no difference and p ≥ 0.05: this difference could be chance",
  borderline: "the evidence is borderline (the interval and Fisher's test disagree): treat it as possibly chance",
};

export function rrText(r: TwoByTwoResult): string {
  return `relative risk ${ratio(r.rr)} (95% CI ${ratio(r.rrLower)}–${ratio(r.rrUpper)})`;
}

export function rdText(r: TwoByTwoResult): string {
  return `difference ${points(r.rd)} points (95% CI ${points(r.rdLower)} to ${points(r.rdUpper)})`;
}

export function outcomeReading(a: Omit<OutcomeAnalysis, "reading">, followUpDays: number): string {
  const r = a.result;
  if (r === null) {
    const empty = [a.src.n === 0 ? "SRC" : "", a.bau.n === 0 ? "BAU" : ""].filter(Boolean).join(" or ");
    return `${a.label}: nothing to compare yet — no ${empty} case has an outcome within ${followUpDays} days of randomisation.`;
  }
  return (
    `${a.label}: ${percent(r.riskTreatment)} with SRC (${a.src.events} of ${a.src.n}) v ${percent(r.riskControl)} with BAU (${a.bau.events} of ${a.bau.n}); ` +
    `${rrText(r)}; ${rdText(r)}; Fisher ${formatP(r.fisherP)}: ${VERDICT_TEXT[chanceVerdict(r)]}.` +
    (r.expectedBelow5 ? " An expected count is below 5: rely on Fisher's p, not chi-square." : "") +
    (r.rrCorrected ? " A cell is zero, so the relative risk adds 0.5 to every cell." : "")
  );
}

/** The sentence an inspector can quote: the attrition result, whether it could be chance, and whether the sample could tell. */
export function headline(attrition: OutcomeAnalysis, power: PowerSummary): string {
  const r = attrition.result;
  if (r === null) return attrition.reading;
  const verdict = chanceVerdict(r);
  const base = `Attrition was ${percent(r.riskTreatment)} with SRC and ${percent(r.riskControl)} without: ${rrText(r)}, Fisher ${formatP(r.fisherP)}.`;
  const lowPower = power.power !== null && power.power < ADEQUATE_POWER;
  const sample = `With ${plural(power.nPerArm, "analysed case")} per arm the sample had ${percent(power.power ?? 0, 0)} power to detect an effect the size of the pilot's (${percent(power.relativeReduction, 0)} lower attrition)`;
  if (verdict === "unlikely") {
    return `${base} A difference this large would be unlikely if SRC made none.` + (lowPower ? ` ${sample}, so the estimate probably overstates the true effect.` : "");
  }
  const chance = verdict === "possible" ? "This could be chance." : "The evidence is borderline, so treat it as possibly chance.";
  return lowPower
    ? `${base} ${chance} ${sample}: it cannot detect an effect of that size (about ${whole(power.nPerArmFor80)} per arm are needed for 80%).`
    : `${base} ${chance} ${sample}, so an effect that large is unlikely to have been missed.`;
}

export function powerReading(p: Omit<PowerSummary, "reading">): string {
  const assumption = `from ${percent(p.controlRisk)} (${p.controlRiskSource === "observed" ? "observed BAU attrition" : "the pilot's attrition, as none is observed yet"}) to ${percent(p.treatmentRisk)}`;
  if (p.power === null) return `Power cannot be assessed until both arms have outcomes; detecting a ${percent(p.relativeReduction, 0)} reduction ${assumption} with 80% power needs about ${whole(p.nPerArmFor80)} cases per arm.`;
  return (
    `With ${plural(p.nPerArm, "analysed case")} per arm, the chance of detecting a ${percent(p.relativeReduction, 0)} reduction in attrition ${assumption} at the 5% level was ${percent(p.power, 0)}` +
    (p.power < ADEQUATE_POWER ? `: too low to rely on; about ${whole(p.nPerArmFor80)} per arm are needed for 80%.` : ".")
  );
}

export function complierReading(c: Omit<ComplierSummary, "reading">, analysedSrc: number, analysedBau: number): string {
  const r = c.result;
  if (r.caceRd === null) return "SRC was received as often in the BAU arm as in the SRC arm, so the effect of receiving it cannot be estimated.";
  const share =
    c.receivedBau === 0
      ? `${percent(r.complianceDifference)} of analysed SRC cases received SRC (${c.receivedSrc} of ${analysedSrc})`
      : `SRC was received by ${c.receivedSrc} of ${analysedSrc} analysed SRC cases and ${c.receivedBau} of ${analysedBau} BAU cases, a difference of ${percent(r.complianceDifference)}`;
  const relative = (pct: number | null): string => (pct === null ? "" : `, ${percent(Math.abs(pct) / 100)} ${pct <= 0 ? "lower" : "higher"} attrition`);
  const itt = r.ittRr === null ? null : (r.ittRr - 1) * 100;
  return (
    `${share}. Dividing the intention-to-treat difference (${points(r.ittRd)} points${relative(itt)}) by that share estimates the effect of actually receiving SRC ` +
    `(the complier average causal effect): ${points(r.caceRd)} points${relative(r.fullComplianceRelativeChangePct)}. It assumes being allocated SRC affects attrition only through contact being made.`
  );
}
