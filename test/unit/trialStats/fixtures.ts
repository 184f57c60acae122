import type { AssessedFact, TrialFact } from "../../../src/domain/compliance/facts.js";
import type { ReferralStatus } from "../../../src/domain/referrals/referral.js";
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

// ---------------------------------------------------------------------------------------------------------------
// The pilot-like trial, built case by case so that every count below is known by construction.
//   Analysed SRC: 125 (allocated W02/W03 2023, outcome 30 days later). 106 delivered (completed); 19 not delivered:
//     excluded 2, unable to contact 7, claimed 3, posted 4, expired 3.
//     Attrition ("14"/"16"): 24 among the delivered, 6 among the not delivered → 30/125 (R's "pilot-like attrition").
//     Charge ("1"): 5 → 5/125 (R's "rare outcome pilot size (charge)"). Positive: those 5 + 4 × "2" → 9/125.
//   Analysed BAU: 125; attrition 39, charge 3, positive 3 + 12 × "9" = 15; one excluded after randomisation.
//   Open SRC: 2 in follow-up (allocated 20 May, claimed), 2 censored without outcome (1 completed, 1 unable),
//     1 censored with "14" dated 91 days after allocation (completed).
//   Open BAU: 1 in follow-up (20 May), 2 censored (1 without outcome, 1 with "16" at 100 days).
//   Rollout: 4 SRC cases (3 completed), all with attrition — never in the trial analysis.
//   Assessed: every allocated case, plus 4 non-crime hate incidents, 3 HCOP exclusions, 2 eligible not allocated.
// ---------------------------------------------------------------------------------------------------------------
export const W02 = new Date("2023-01-09T10:00:00Z");
export const W03 = new Date("2023-01-16T10:00:00Z");
export const MAY20 = new Date("2023-05-20T10:00:00Z");

export function pilotFacts(): TrialFact[] {
  const facts: TrialFact[] = [];
  const notDelivered: (ReferralStatus | "excluded")[] = ["excluded", "excluded", ...Array<ReferralStatus>(7).fill("unable_to_contact"), ...Array<ReferralStatus>(3).fill("claimed"), ...Array<ReferralStatus>(4).fill("posted"), ...Array<ReferralStatus>(3).fill("expired")];
  for (let i = 0; i < 125; i++) {
    const allocatedAt = i < 60 ? W02 : W03;
    const delivered = i < 106;
    const status = delivered ? "completed" : notDelivered[i - 106]!;
    // Attrition: cases 0–23 (delivered) and 106–111 (not delivered).
    const code = i < 24 || (i >= 106 && i < 112) ? (i % 2 === 0 ? "14" : "16") : i < 29 ? "1" : i < 33 ? "2" : "18";
    facts.push(
      withOutcome(
        fact({
          arm: "SRC",
          allocatedAt,
          delivered,
          referralStatus: status === "excluded" ? "posted" : status,
          excludedReason: status === "excluded" ? "victim is a serving officer" : undefined,
        }),
        code,
      ),
    );
  }
  for (let i = 0; i < 125; i++) {
    const code = i < 39 ? (i % 2 === 0 ? "16" : "14") : i < 42 ? "1" : i < 54 ? "9" : "18";
    facts.push(withOutcome(fact({ arm: "BAU", allocatedAt: i < 60 ? W02 : W03, excludedReason: i === 124 ? "duplicate of another crime" : undefined }), code));
  }
  facts.push(
    fact({ arm: "SRC", allocatedAt: MAY20, referralStatus: "claimed" }),
    fact({ arm: "SRC", allocatedAt: MAY20, referralStatus: "claimed" }),
    fact({ arm: "SRC", allocatedAt: W02, referralStatus: "completed", delivered: true }),
    fact({ arm: "SRC", allocatedAt: W02, referralStatus: "unable_to_contact" }),
    withOutcome(fact({ arm: "SRC", allocatedAt: W02, referralStatus: "completed", delivered: true }), "14", 91),
    fact({ arm: "BAU", allocatedAt: MAY20 }),
    fact({ arm: "BAU", allocatedAt: W02 }),
    withOutcome(fact({ arm: "BAU", allocatedAt: W02 }), "16", 100),
  );
  for (let i = 0; i < 4; i++) {
    facts.push(withOutcome(fact({ arm: "SRC", method: "rollout", stratum: undefined, allocatedAt: W02, delivered: i < 3, referralStatus: i < 3 ? "completed" : "posted" }), "14", 10));
  }
  return facts;
}

export function pilotAssessed(facts: readonly TrialFact[]): AssessedFact[] {
  const extra = (reason: string | undefined, eligible: boolean, k: number): AssessedFact => ({ caseId: 90000 + k, reportedAt: W02, importedAt: W02, wardCode: "E05000001", eligible, ineligibleReason: reason, allocated: false });
  return [
    ...assessedFor(facts),
    ...[0, 1, 2, 3].map((k) => extra("non-crime hate incident", false, k)),
    extra("excluded: victim asked not to be contacted", false, 4),
    extra("excluded: victim asked not to be contacted", false, 5),
    extra("excluded: recorded twice", false, 6),
    extra(undefined, true, 7),
    extra(undefined, true, 8),
  ];
}
