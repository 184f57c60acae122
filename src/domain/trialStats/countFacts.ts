import type { AssessedFact, TrialFact } from "../compliance/facts.js";
import type { AssessedCell, FlowCell, GroupCell, TrialCounts } from "./counts.js";
import { followUpOf, normaliseOutcomeCode } from "./followUp.js";

/**
 * The cells of TrialCounts counted from facts in memory: the definition the store's SQL must agree with, and the way
 * to report on a handful of cases (tests, the simulation) without a database. Each case is its own stretch of time.
 */
export function countTrialFacts(
  trialFacts: readonly TrialFact[],
  assessedFacts: readonly AssessedFact[],
  settings: { attritionCodes: readonly string[]; followUpDays: number; now: Date },
): TrialCounts {
  const attrition = new Set(settings.attritionCodes.map(normaliseOutcomeCode));
  const flow = new Counter<FlowCell>();
  const byWard = new Counter<GroupCell<string>>();
  const byStrands = new Counter<GroupCell<string>>();
  const byTime = new Counter<GroupCell<Date>>();
  for (const fact of trialFacts) {
    const followUp = followUpOf(fact, settings.followUpDays, settings.now);
    const outcomeCode = followUp.state === "known" ? followUp.code : undefined;
    const excluded = fact.excludedReason !== undefined;
    flow.add([fact.method, fact.arm, excluded, fact.referralStatus, followUp.state, outcomeCode], () => ({
      method: fact.method, arm: fact.arm, excluded, referralStatus: fact.referralStatus, followUp: followUp.state, outcomeCode, cases: 0,
    }));
    if (fact.method !== "randomised") continue;
    const analysed = followUp.state === "known";
    const group = <K>(counter: Counter<GroupCell<K>>, key: K, id: unknown) =>
      counter.add([id, fact.arm], () => ({ key, arm: fact.arm, cases: 0, delivered: 0, analysed: 0, attrition: 0 }), (cell) => {
        if (fact.delivered) cell.delivered++;
        if (analysed) cell.analysed++;
        if (outcomeCode !== undefined && attrition.has(outcomeCode)) cell.attrition++;
      });
    group(byWard, fact.wardCode, fact.wardCode);
    if (fact.strands !== undefined && fact.strands.length > 0) group(byStrands, fact.strands.join(";"), fact.strands.join(";"));
    group(byTime, fact.allocatedAt, fact.allocatedAt.getTime());
  }
  const assessed = new Counter<AssessedCell>();
  for (const a of assessedFacts) {
    const ineligibleReason = a.ineligibleReason?.startsWith("excluded:") ? "excluded:" : a.ineligibleReason;
    assessed.add([a.eligible, ineligibleReason, a.allocated], () => ({ eligible: a.eligible, ineligibleReason, allocated: a.allocated, cases: 0 }));
  }
  return { assessed: assessed.cells(), flow: flow.cells(), byWard: byWard.cells(), byStrands: byStrands.cells(), byTime: byTime.cells() };
}

/** Cells by the values that identify them, each counting its cases. */
class Counter<C extends { cases: number }> {
  private readonly byId = new Map<string, C>();

  add(id: readonly unknown[], create: () => C, count?: (cell: C) => void): void {
    const key = JSON.stringify(id);
    let cell = this.byId.get(key);
    if (cell === undefined) this.byId.set(key, (cell = create()));
    cell.cases++;
    count?.(cell);
  }

  cells(): C[] {
    return [...this.byId.values()];
  }
}
