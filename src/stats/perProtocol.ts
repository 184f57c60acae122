import { analyse2x2, type TwoByTwoResult } from "./twoByTwo.js";
import { validateArm } from "./validation.js";

export interface PerProtocolInput {
  /** Outcome events among treatment-arm cases that received SRC. */
  eventsTreatedT: number;
  /** Treatment-arm cases that received SRC. */
  treatedT: number;
  /** Outcome events among control-arm cases that did not receive SRC. */
  eventsUntreatedC: number;
  /** Control-arm cases that did not receive SRC. */
  untreatedC: number;
}

/**
 * The literal `biased: true` forces every consumer of this type to acknowledge the bias, so a report
 * cannot show the figure without its label.
 */
export interface PerProtocolResult extends TwoByTwoResult {
  biased: true;
  caveat: string;
}

export const PER_PROTOCOL_CAVEAT =
  "Per-protocol comparison: biased. Whether SRC was delivered is not randomised (officers reach some " +
  "victims and not others), so the groups differ in more than SRC. Use the intention-to-treat result " +
  "as the headline and the complier average causal effect for the effect of delivery.";

/** SRC-arm cases that received SRC versus BAU-arm cases that did not; analysed as a 2×2 table. */
export function perProtocol(input: PerProtocolInput): PerProtocolResult {
  validateArm(input.eventsTreatedT, input.treatedT, "events-treated-t", "treated-t");
  validateArm(input.eventsUntreatedC, input.untreatedC, "events-untreated-c", "untreated-c");
  const analysis = analyse2x2({
    eventsT: input.eventsTreatedT,
    nT: input.treatedT,
    eventsC: input.eventsUntreatedC,
    nC: input.untreatedC,
  });
  return { ...analysis, biased: true, caveat: PER_PROTOCOL_CAVEAT };
}
