import { StatsInputError } from "./errors.js";
import { validateAtMost, validateCount, validateTwoByTwoInput, type TwoByTwoInput } from "./validation.js";

export interface ComplierEffectInput extends TwoByTwoInput {
  /** Cases in the treatment arm that actually received SRC. */
  treatedT: number;
  /** Cases in the control arm that received SRC anyway (contamination); 0 in a clean trial. */
  treatedC: number;
  /** Outcome events among the treatment-arm cases that received SRC, if known. */
  eventsAmongTreatedT?: number;
}

export interface ComplierEffectResult {
  riskTreatment: number;
  riskControl: number;
  /** Intention-to-treat risk difference, treatment − control. */
  ittRd: number;
  /** Intention-to-treat risk ratio, uncorrected; null when the control risk is 0. */
  ittRr: number | null;
  /** Share who received SRC in the treatment arm minus that share in the control arm. */
  complianceDifference: number;
  /** Effect of actually receiving SRC among compliers; null when the compliance difference is 0. */
  caceRd: number | null;
  /** caceRd as a percentage of the control risk: the relative change if every case received SRC. */
  fullComplianceRelativeChangePct: number | null;
  /** Outcome risk of compliers who received SRC; needs eventsAmongTreatedT and treatedC = 0. */
  complierRiskTreated: number | null;
  /** Outcome risk the same compliers would have had without SRC; may fall outside [0, 1] by chance. */
  complierRiskUntreated: number | null;
}

/**
 * Complier average causal effect (Angrist, Imbens & Rubin 1996): random assignment is the instrument,
 * receipt of SRC the treatment.
 *
 * Why ITT ÷ compliance difference: under randomisation both arms hold the same mix of compliers (get
 * SRC if and only if assigned), never-takers (never get it) and always-takers (get it either way);
 * assuming no defiers and that assignment acts only through receipt (exclusion restriction),
 * never-takers and always-takers have the same risk in both arms, so the whole ITT difference comes
 * from the compliers: ittRd = π_c × CACE, where π_c, the complier share, equals the difference in
 * receipt rates between arms. Hence CACE = ittRd ÷ complianceDifference — the pilot's "22% ITT,
 * ≈26% with full delivery" is −22% ÷ ≈0.85.
 *
 * Complier risks, when only the treatment arm can receive SRC (treatedC = 0, one-sided
 * non-compliance): the treated in the SRC arm are exactly its compliers, so
 *   complierRiskTreated = eventsAmongTreatedT ÷ treatedT;
 * its untreated are exactly its never-takers, so their risk r_n = (eventsT − eventsAmongTreatedT) ÷
 * (nT − treatedT) estimates the never-taker risk in both arms. The control arm mixes compliers
 * (untreated) and never-takers in the same proportions π and 1 − π (π = treatedT ÷ nT), so
 *   riskControl = π·complierRiskUntreated + (1 − π)·r_n
 *   ⇒ complierRiskUntreated = (riskControl − (1 − π)·r_n) ÷ π.
 * The two complier risks then differ by exactly caceRd. With contamination (treatedC > 0) the arms
 * also hold always-takers and this split is not identified, so the complier risks are null.
 */
export function complierAverageCausalEffect(input: ComplierEffectInput): ComplierEffectResult {
  validateComplierInput(input);
  const { eventsT, nT, eventsC, nC, treatedT, treatedC, eventsAmongTreatedT } = input;
  const riskTreatment = eventsT / nT;
  const riskControl = eventsC / nC;
  const ittRd = riskTreatment - riskControl;
  const compliance = treatedT / nT;
  const complianceDifference = compliance - treatedC / nC;
  const caceRd = complianceDifference === 0 ? null : ittRd / complianceDifference;
  const complierRisks =
    eventsAmongTreatedT === undefined || treatedC !== 0 || treatedT === 0
      ? { complierRiskTreated: null, complierRiskUntreated: null }
      : oneSidedComplierRisks(input, eventsAmongTreatedT, riskControl, compliance);
  return {
    riskTreatment,
    riskControl,
    ittRd,
    ittRr: riskControl === 0 ? null : riskTreatment / riskControl,
    complianceDifference,
    caceRd,
    fullComplianceRelativeChangePct: caceRd === null || riskControl === 0 ? null : (caceRd / riskControl) * 100,
    ...complierRisks,
  };
}

function oneSidedComplierRisks(
  input: ComplierEffectInput,
  eventsAmongTreatedT: number,
  riskControl: number,
  compliance: number,
): { complierRiskTreated: number; complierRiskUntreated: number } {
  const neverTakers = input.nT - input.treatedT;
  // With full delivery there are no never-takers: their weight (1 − π) is 0 and the control arm is all compliers.
  const neverTakerRisk = neverTakers === 0 ? 0 : (input.eventsT - eventsAmongTreatedT) / neverTakers;
  return {
    complierRiskTreated: eventsAmongTreatedT / input.treatedT,
    complierRiskUntreated: (riskControl - (1 - compliance) * neverTakerRisk) / compliance,
  };
}

function validateComplierInput(input: ComplierEffectInput): void {
  validateTwoByTwoInput(input);
  validateCount(input.treatedT, "treated-t");
  validateAtMost(input.treatedT, input.nT, "treated-t", "n-t");
  validateCount(input.treatedC, "treated-c");
  validateAtMost(input.treatedC, input.nC, "treated-c", "n-c");
  const eventsAmongTreated = input.eventsAmongTreatedT;
  if (eventsAmongTreated === undefined) return;
  validateCount(eventsAmongTreated, "events-among-treated-t");
  validateAtMost(eventsAmongTreated, input.treatedT, "events-among-treated-t", "treated-t");
  validateAtMost(eventsAmongTreated, input.eventsT, "events-among-treated-t", "events-t");
  if (input.eventsT - eventsAmongTreated > input.nT - input.treatedT) {
    throw new StatsInputError(
      "events-among-treated-t",
      "leaves more events among the untreated of the treatment arm than there are untreated cases",
    );
  }
}
