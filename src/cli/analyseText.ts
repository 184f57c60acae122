import type {
  ComplierEffectResult,
  ForceScaleFigure,
  SampleSizeResult,
  TwoByTwoInput,
  TwoByTwoResult,
} from "../stats/index.js";

/**
 * Readable renderings of the `reassure analyse` results. Figures are rounded for reading only; the
 * `--json` output carries them unrounded.
 */

const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;
const points = (x: number): string => `${(x * 100).toFixed(1)}`;
const twoDecimals = (x: number): string => x.toFixed(2);
const grouped = (x: number, digits = 0): string =>
  x.toLocaleString("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Two decimals hide the difference between 0.049 and 0.051, so small p-values get three. */
export function formatP(p: number): string {
  if (p < 0.001) return "p < 0.001";
  return `p = ${p < 0.1 ? p.toFixed(3) : p.toFixed(2)}`;
}

function chiSquareLine(statistic: number | null, p: number | null): string {
  return statistic === null || p === null ? "undefined (an expected count is 0)" : `${statistic.toFixed(2)}, ${formatP(p)}`;
}

function rrInterval(r: TwoByTwoResult): string {
  return `${twoDecimals(r.rr)} (95% CI ${twoDecimals(r.rrLower)}–${twoDecimals(r.rrUpper)})`;
}

/** The one-line reading an inspector can quote; the verdict rests on Fisher's exact p at the 5% level. */
export function twoByTwoReading(label: string, r: TwoByTwoResult): string {
  const verdict = r.fisherP < 0.05 ? "the difference is unlikely to be chance alone" : "the difference could be chance";
  return `${label} ${percent(r.riskTreatment)} with SRC v ${percent(r.riskControl)} without: relative risk ${rrInterval(r)}; ${verdict} (Fisher ${formatP(r.fisherP)}).`;
}

export function twoByTwoText(label: string, input: TwoByTwoInput, r: TwoByTwoResult): string {
  const lines = [
    `                   SRC (treatment)   BAU (control)`,
    `Events / cases     ${`${input.eventsT} / ${input.nT}`.padEnd(18)}${input.eventsC} / ${input.nC}`,
    `Risk               ${percent(r.riskTreatment).padEnd(18)}${percent(r.riskControl)}`,
    ``,
    `Relative risk      ${rrInterval(r)}${r.rrCorrected ? " — 0.5 added to every cell, as one was zero" : ""}`,
    `Risk difference    ${points(r.rd)} points (95% CI ${points(r.rdLower)} to ${points(r.rdUpper)})`,
    `Fisher's exact     ${formatP(r.fisherP)}`,
    `Chi-square         ${chiSquareLine(r.chiSquare, r.chiSquareP)}`,
    `  with Yates       ${chiSquareLine(r.chiSquareYates, r.chiSquareYatesP)}`,
  ];
  if (r.expectedBelow5) lines.push(`An expected count is below 5: rely on Fisher's p, not chi-square.`);
  lines.push(``, twoByTwoReading(label, r));
  return lines.join("\n");
}

export function sampleSizeText(pControl: number, pTreatment: number, alpha: number, power: number, r: SampleSizeResult): string {
  return `${grouped(r.nPerArmCeiling)} cases per arm (exactly ${r.nPerArm.toFixed(2)}) to detect ${percent(pControl)} v ${percent(pTreatment)} with power ${power} at a two-sided ${alpha} level.`;
}

export function powerText(nPerArm: number, pControl: number, pTreatment: number, alpha: number, power: number): string {
  const honest = power < 0.8 ? " Below 0.8: a real difference of this size could easily go undetected." : "";
  return `Power ${twoDecimals(power)} to detect ${percent(pControl)} v ${percent(pTreatment)} with ${grouped(nPerArm, Number.isInteger(nPerArm) ? 0 : 1)} cases per arm at a two-sided ${alpha} level.${honest}`;
}

export function complierText(r: ComplierEffectResult): string {
  const orDash = (x: number | null, show: (v: number) => string): string => (x === null ? "—" : show(x));
  const lines = [
    `ITT risk difference       ${points(r.ittRd)} points`,
    `ITT relative risk         ${orDash(r.ittRr, twoDecimals)}`,
    `Compliance difference     ${percent(r.complianceDifference)}`,
    `CACE risk difference      ${orDash(r.caceRd, (v) => `${points(v)} points`)} (among compliers)`,
    `With full delivery        ${orDash(r.fullComplianceRelativeChangePct, (v) => `${v.toFixed(1)}%`)} relative change`,
  ];
  if (r.complierRiskTreated !== null && r.complierRiskUntreated !== null) {
    lines.push(`Complier risk             ${percent(r.complierRiskTreated)} with SRC v ${percent(r.complierRiskUntreated)} without`);
  }
  lines.push(`Intention to treat is the headline; the CACE assumes assignment acts only through receiving SRC.`);
  return lines.join("\n");
}

export function projectionText(withdrawals: number, reduction: number, f: ForceScaleFigure, cases: number | undefined): string {
  const share = f.shareOfCases === null || cases === undefined ? "" : ` (${percent(f.shareOfCases)} of ${grouped(cases)} cases)`;
  const direction = f.fewerWithdrawals >= 0 ? "fewer" : "more";
  return `SRC for every case: about ${grouped(Math.abs(f.fewerWithdrawals))} ${direction} withdrawals a year${share} — ${grouped(withdrawals)} × ${percent(reduction)}, if the effect transfers unchanged.`;
}
