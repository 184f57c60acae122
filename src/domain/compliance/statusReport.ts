import { isOpen } from "../referrals/referral.js";
import type { ReferralFact } from "./facts.js";
import type { Period } from "./period.js";

/** Stated wherever the figure is shown, so nobody has to guess what was divided by what. */
export const COMPLIANCE_RULE =
  "Compliance = contacts made ÷ cases referred in the period (referred cases still open count as not yet delivered; unable to contact counts as not delivered).";

export interface WardRef {
  code: string;
  name: string;
  borough: string;
}

export interface StatusScope {
  /** Who or what the report covers, in words: "All wards", "Borough Merton", "Your wards". */
  label: string;
  /** The wards the reader may see. Facts from any other ward are ignored, whatever the caller passed. */
  wards: readonly WardRef[];
  /**
   * Wards whose officers the reader may see by name (the HCOP: all; a supervisor: their own; an inspector: none).
   * Empty: no officer section and no claimants' names.
   */
  officerWards: ReadonlySet<string>;
}

/** Working-time arithmetic from the service's calendar (weekends, bank holidays and closures excluded). */
export interface WorkingTime {
  millisBetween(a: Date, b: Date): number;
  /** Length of one working day (opening to closing). */
  dayMillis: number;
}

export interface StatusReportOptions {
  now: Date;
  period: Period;
  scope: StatusScope;
  working: WorkingTime;
}

export interface Figures {
  referred: number;
  /** Claimed at some point and still held or closed by the claimant (a released referral is not counted). */
  claimed: number;
  /** Contact made: the referral was completed. */
  delivered: number;
  unableToContact: number;
  /** Closed because the case ended before contact. */
  expired: number;
  open: number;
  /** Open and nobody holds it. */
  unclaimed: number;
  /** Open and past its contact due time. */
  overdue: number;
  /** Median working hours from referral to claim, one decimal; null when nothing was claimed. */
  medianClaimWorkingHours: number | null;
  /** Median working days from referral to contact, one decimal; null when no contact was made. */
  medianContactWorkingDays: number | null;
  /** delivered ÷ referred; null when nothing was referred. */
  compliance: number | null;
}

export interface WardStatus extends WardRef, Figures {}

export interface OfficerStatus {
  officerId: string;
  name: string;
  /** Names of the wards their referrals came from, sorted. */
  wardNames: string[];
  claimed: number;
  delivered: number;
  unableToContact: number;
  open: number;
  overdue: number;
}

export interface OverdueReferral {
  crimeRef: string;
  wardCode: string;
  wardName: string;
  contactDueAt: Date;
  /** Working days between the due time and now, one decimal. */
  overdueWorkingDays: number;
  /** Who holds it; "hidden" in wards whose officers the reader may not see. */
  claimant: { kind: "officer"; name: string } | { kind: "unclaimed" } | { kind: "hidden" };
}

export interface StatusReport {
  period: Period;
  scopeLabel: string;
  at: Date;
  /** Wards in scope with at least one referral in the period, by borough then ward name. */
  wards: WardStatus[];
  /** Wards in scope with no referral in the period. */
  quietWards: number;
  totals: Figures;
  /** Undefined when the reader may see no ward's officers. */
  officers: OfficerStatus[] | undefined;
  /** Most overdue first. */
  overdue: OverdueReferral[];
  rule: string;
}

const HOUR_MS = 3_600_000;
const UNKNOWN_OFFICER = "Unknown officer";
const oneDecimal = (value: number) => Math.round(value * 10) / 10;

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const isOverdue = (fact: ReferralFact, now: Date) => isOpen(fact.status) && fact.contactDueAt.getTime() < now.getTime();

function figuresOf(facts: readonly ReferralFact[], now: Date, working: WorkingTime): Figures {
  const count = (test: (fact: ReferralFact) => boolean) => facts.filter(test).length;
  const claimHours = facts.flatMap((f) => (f.claimedAt ? [working.millisBetween(f.referredAt, f.claimedAt) / HOUR_MS] : []));
  const contactDays = facts.flatMap((f) => (f.status === "completed" && f.contactAt ? [working.millisBetween(f.referredAt, f.contactAt) / working.dayMillis] : []));
  const claimMedian = median(claimHours);
  const contactMedian = median(contactDays);
  const delivered = count((f) => f.status === "completed");
  return {
    referred: facts.length,
    claimed: count((f) => f.claimedAt !== undefined),
    delivered,
    unableToContact: count((f) => f.status === "unable_to_contact"),
    expired: count((f) => f.status === "expired"),
    open: count((f) => isOpen(f.status)),
    unclaimed: count((f) => isOpen(f.status) && f.claimedBy === undefined),
    overdue: count((f) => isOverdue(f, now)),
    medianClaimWorkingHours: claimMedian === null ? null : oneDecimal(claimMedian),
    medianContactWorkingDays: contactMedian === null ? null : oneDecimal(contactMedian),
    compliance: facts.length === 0 ? null : delivered / facts.length,
  };
}

const byText = (a: string, b: string) => a.localeCompare(b, "en-GB");

function groupBy<K>(facts: readonly ReferralFact[], key: (fact: ReferralFact) => K | undefined): Map<K, ReferralFact[]> {
  const groups = new Map<K, ReferralFact[]>();
  for (const fact of facts) {
    const k = key(fact);
    if (k === undefined) continue;
    const group = groups.get(k);
    if (group) group.push(fact);
    else groups.set(k, [fact]);
  }
  return groups;
}

function officersOf(facts: readonly ReferralFact[], now: Date, wardName: (code: string) => string): OfficerStatus[] {
  return [...groupBy(facts, (f) => f.claimedBy).entries()]
    .map(([officerId, held]) => ({
      officerId,
      // The latest name they claimed under: display names change.
      name: [...held].sort((a, b) => (b.claimedAt?.getTime() ?? 0) - (a.claimedAt?.getTime() ?? 0)).find((f) => f.claimedByName)?.claimedByName ?? UNKNOWN_OFFICER,
      wardNames: [...new Set(held.map((f) => wardName(f.wardCode)))].sort(byText),
      claimed: held.length,
      delivered: held.filter((f) => f.status === "completed").length,
      unableToContact: held.filter((f) => f.status === "unable_to_contact").length,
      open: held.filter((f) => isOpen(f.status)).length,
      overdue: held.filter((f) => isOverdue(f, now)).length,
    }))
    // The officers a supervisor needs to talk to first.
    .sort((a, b) => b.overdue - a.overdue || b.open - a.open || byText(a.name, b.name) || byText(a.officerId, b.officerId));
}

/**
 * Compliance for the period: per ward, in total, per officer (when the scope allows) and the overdue referrals.
 * Pure: the facts are the referrals made in the period; "open" and "overdue" are as at `now`.
 */
export function buildStatusReport(facts: readonly ReferralFact[], options: StatusReportOptions): StatusReport {
  const { now, period, scope, working } = options;
  const wardsInScope = new Map(scope.wards.map((w) => [w.code, w]));
  const visible = facts.filter((f) => wardsInScope.has(f.wardCode));
  const byWard = groupBy(visible, (f) => f.wardCode);

  const wards = [...byWard.entries()]
    .map(([code, wardFacts]): WardStatus => {
      const { name, borough } = wardsInScope.get(code)!;
      return { code, name, borough, ...figuresOf(wardFacts, now, working) };
    })
    .sort((a, b) => byText(a.borough, b.borough) || byText(a.name, b.name) || byText(a.code, b.code));

  const overdue = visible
    .filter((f) => isOverdue(f, now))
    .sort((a, b) => a.contactDueAt.getTime() - b.contactDueAt.getTime() || byText(a.crimeRef, b.crimeRef))
    .map((f): OverdueReferral => ({
      crimeRef: f.crimeRef,
      wardCode: f.wardCode,
      wardName: wardsInScope.get(f.wardCode)!.name,
      contactDueAt: f.contactDueAt,
      overdueWorkingDays: oneDecimal(working.millisBetween(f.contactDueAt, now) / working.dayMillis),
      claimant: !scope.officerWards.has(f.wardCode)
        ? { kind: "hidden" }
        : f.claimedBy === undefined
          ? { kind: "unclaimed" }
          : { kind: "officer", name: f.claimedByName ?? UNKNOWN_OFFICER },
    }));

  return {
    period,
    scopeLabel: scope.label,
    at: now,
    wards,
    quietWards: scope.wards.filter((w) => !byWard.has(w.code)).length,
    totals: figuresOf(visible, now, working),
    officers:
      scope.officerWards.size === 0
        ? undefined
        : officersOf(visible.filter((f) => scope.officerWards.has(f.wardCode)), now, (code) => wardsInScope.get(code)!.name),
    overdue,
    rule: COMPLIANCE_RULE,
  };
}
