import type { AssessedFact, TrialFact } from "../../../src/domain/compliance/facts.js";
import type { TrialReportOptions } from "../../../src/domain/trialStats/types.js";

export const DAY = 86_400_000;

export const OPTIONS: TrialReportOptions = {
  outcomes: { attrition: ["14", "16"], charge: ["1"], positive: ["1", "2", "3", "4", "5", "6", "8", "9", "10", "22"] },
  followUpDays: 90,
  now: new Date("2023-06-01T12:00:00Z"),
  timeZone: "Europe/London",
  force: { annualHateCrimes: 22421, annualWithdrawals: 6839 },
  scope: { period: "Whole trial", from: undefined, to: undefined, area: "All wards" },
};

let nextId = 1;

/** A randomised case allocated at `allocatedAt`; everything else as given. */
export function fact(overrides: Partial<TrialFact> & Pick<TrialFact, "arm" | "allocatedAt">): TrialFact {
  const caseId = nextId++;
  return {
    caseId,
    crimeRef: `${String(1000000 + caseId)}/23`,
    wardCode: "E05000001",
    borough: "Merton",
    method: "randomised",
    stratum: "Merton",
    excludedReason: undefined,
    referralStatus: overrides.arm === "SRC" ? "posted" : undefined,
    delivered: false,
    contactMethod: undefined,
    contactAt: undefined,
    outcomeCode: undefined,
    outcomeDate: undefined,
    strands: undefined,
    ...overrides,
  };
}

/** The case with an outcome `days` after its allocation. */
export function withOutcome(f: TrialFact, code: string, days = 30): TrialFact {
  return { ...f, outcomeCode: code, outcomeDate: new Date(f.allocatedAt.getTime() + days * DAY) };
}

export function assessedFor(facts: readonly TrialFact[]): AssessedFact[] {
  return facts.map((f) => ({ caseId: f.caseId, reportedAt: f.allocatedAt, importedAt: f.allocatedAt, wardCode: f.wardCode, eligible: true, ineligibleReason: undefined, allocated: true }));
}

/** Analysed cases that make exactly the 2×2 table events/n by arm (attrition code 14, others 18). */
export function tableFacts(eventsT: number, nT: number, eventsC: number, nC: number, allocatedAt = new Date("2023-01-10T10:00:00Z")): TrialFact[] {
  const arm = (armName: "SRC" | "BAU", events: number, n: number) =>
    Array.from({ length: n }, (_, i) => withOutcome(fact({ arm: armName, allocatedAt, delivered: armName === "SRC", referralStatus: armName === "SRC" ? "completed" : undefined }), i < events ? "14" : "18"));
  return [...arm("SRC", eventsT, nT), ...arm("BAU", eventsC, nC)];
}
