import type { ReferralFact } from "./facts.js";
import { countReferralFacts, type OfficerReferralCounts, type ReferralTally, type StatusCounts, type WardReferralCounts } from "./statusCounts.js";
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

export interface Figures extends ReferralTally {
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

/** A ward's figures, or the totals of several wards, with their medians in working time. */
function figuresOf(counts: readonly WardReferralCounts[], claimHours: readonly number[], contactDays: readonly number[]): Figures {
  const sum = (key: keyof ReferralTally) => counts.reduce((n, c) => n + c[key], 0);
  const referred = sum("referred");
  const delivered = sum("delivered");
  const claimMedian = median(claimHours);
  const contactMedian = median(contactDays);
  return {
    referred,
    claimed: sum("claimed"),
    delivered,
    unableToContact: sum("unableToContact"),
    expired: sum("expired"),
    open: sum("open"),
    unclaimed: sum("unclaimed"),
    overdue: sum("overdue"),
    medianClaimWorkingHours: claimMedian === null ? null : oneDecimal(claimMedian),
    medianContactWorkingDays: contactMedian === null ? null : oneDecimal(contactMedian),
    compliance: referred === 0 ? null : delivered / referred,
  };
}

/** Working time across each [start, end] pair, in units of `unit` milliseconds. */
function spans(pairs: readonly number[], working: WorkingTime, unit: number): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < pairs.length; i += 2) out.push(working.millisBetween(new Date(pairs[i]!), new Date(pairs[i + 1]!)) / unit);
  return out;
}

const byText = (a: string, b: string) => a.localeCompare(b, "en-GB");

function officersOf(officers: readonly OfficerReferralCounts[], wardName: (code: string) => string): OfficerStatus[] {
  return officers
    .map(({ officerId, name, wardCodes, claimed, delivered, unableToContact, open, overdue }) => ({
      officerId,
      name: name ?? UNKNOWN_OFFICER,
      wardNames: [...new Set(wardCodes.map(wardName))].sort(byText),
      claimed,
      delivered,
      unableToContact,
      open,
      overdue,
    }))
    // The officers a supervisor needs to talk to first.
    .sort((a, b) => b.overdue - a.overdue || b.open - a.open || byText(a.name, b.name) || byText(a.officerId, b.officerId));
}

/**
 * Compliance for the period from its counts: per ward, in total, per officer (when the scope allows) and the overdue
 * referrals. Pure: the counts are of the referrals made in the period; "open" and "overdue" are as at `now`.
 */
export function statusReportFromCounts(counts: StatusCounts, options: StatusReportOptions): StatusReport {
  const { now, period, scope, working } = options;
  const wardsInScope = new Map(scope.wards.map((w) => [w.code, w]));
  const visible = counts.wards.filter((w) => wardsInScope.has(w.wardCode));
  const claimHours = visible.map((w) => spans(w.claimSpans, working, HOUR_MS));
  const contactDays = visible.map((w) => spans(w.contactSpans, working, working.dayMillis));

  const wards = visible
    .map((w, i): WardStatus => {
      const { name, borough } = wardsInScope.get(w.wardCode)!;
      return { code: w.wardCode, name, borough, ...figuresOf([w], claimHours[i]!, contactDays[i]!) };
    })
    .sort((a, b) => byText(a.borough, b.borough) || byText(a.name, b.name) || byText(a.code, b.code));

  const overdue = counts.overdue
    .filter((f) => wardsInScope.has(f.wardCode))
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
    quietWards: scope.wards.filter((w) => !visible.some((v) => v.wardCode === w.code)).length,
    totals: figuresOf(visible, claimHours.flat(), contactDays.flat()),
    officers: scope.officerWards.size === 0 ? undefined : officersOf(counts.officers, (code) => wardsInScope.get(code)!.name),
    overdue,
    rule: COMPLIANCE_RULE,
  };
}

/** The same report from the facts of a few referrals, counted in memory; facts from wards out of scope are ignored. */
export function buildStatusReport(facts: readonly ReferralFact[], options: StatusReportOptions): StatusReport {
  const inScope = new Set(options.scope.wards.map((w) => w.code));
  const visible = facts.filter((f) => inScope.has(f.wardCode));
  const officerWardCodes = [...options.scope.officerWards].filter((code) => inScope.has(code));
  return statusReportFromCounts(countReferralFacts(visible, { officerWardCodes, now: options.now }), options);
}
