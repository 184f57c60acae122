import { isOpen } from "../referrals/referral.js";
import type { ReferralFact } from "./facts.js";

/**
 * What /status is built from: per ward and per officer counts, each referral's times only where a working-time
 * median needs them, and the overdue referrals the report lists. The store counts them in the database;
 * countReferralFacts counts the same from facts in memory, the reference the store is tested against.
 */

/** The referrals of a ward, or of several, counted by where they stand. */
export interface ReferralTally {
  referred: number;
  /** Claimed and not released: a claim time is recorded (still held, or closed by the claimant). */
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
}

export interface WardReferralCounts extends ReferralTally {
  wardCode: string;
  /** Referral and claim instants (ms) of each claimed referral, in pairs: [referred, claimed, referred, claimed, …]. */
  claimSpans: number[];
  /** Referral and contact instants (ms) of each completed referral with its contact, in pairs. */
  contactSpans: number[];
}

export interface OfficerReferralCounts {
  officerId: string;
  /** The name on their latest claim that has one. */
  name: string | undefined;
  /** The wards their referrals came from. */
  wardCodes: string[];
  /** Referrals they hold or closed. */
  claimed: number;
  delivered: number;
  unableToContact: number;
  open: number;
  overdue: number;
}

export interface OverdueFact {
  crimeRef: string;
  wardCode: string;
  contactDueAt: Date;
  claimedBy: string | undefined;
  claimedByName: string | undefined;
}

export interface StatusCounts {
  wards: WardReferralCounts[];
  /** Only referrals from the officer wards count here. */
  officers: OfficerReferralCounts[];
  /** In referral order. */
  overdue: OverdueFact[];
}

/** Referrals referred in [from, to) in the wards given; officers over the officer wards only; open and overdue as at `now`. */
export interface StatusCountQuery {
  from: Date;
  to: Date;
  wardCodes: readonly string[];
  officerWardCodes: readonly string[];
  now: Date;
}

export const isOverdue = (fact: Pick<ReferralFact, "status" | "contactDueAt">, now: Date): boolean => isOpen(fact.status) && fact.contactDueAt.getTime() < now.getTime();

/** StatusCounts from facts in memory (facts in referral order, as the store gives them). */
export function countReferralFacts(facts: readonly ReferralFact[], query: Pick<StatusCountQuery, "officerWardCodes" | "now">): StatusCounts {
  const wards = new Map<string, WardReferralCounts>();
  const officers = new Map<string, OfficerReferralCounts & { latest: { at: number; name: string } | undefined }>();
  const officerWards = new Set(query.officerWardCodes);
  const overdue: OverdueFact[] = [];
  for (const f of facts) {
    let ward = wards.get(f.wardCode);
    if (ward === undefined) {
      ward = { wardCode: f.wardCode, referred: 0, claimed: 0, delivered: 0, unableToContact: 0, expired: 0, open: 0, unclaimed: 0, overdue: 0, claimSpans: [], contactSpans: [] };
      wards.set(f.wardCode, ward);
    }
    const open = isOpen(f.status);
    const late = isOverdue(f, query.now);
    ward.referred++;
    if (f.claimedAt !== undefined) {
      ward.claimed++;
      ward.claimSpans.push(f.referredAt.getTime(), f.claimedAt.getTime());
    }
    if (f.status === "completed") ward.delivered++;
    if (f.status === "completed" && f.contactAt) ward.contactSpans.push(f.referredAt.getTime(), f.contactAt.getTime());
    if (f.status === "unable_to_contact") ward.unableToContact++;
    if (f.status === "expired") ward.expired++;
    if (open) ward.open++;
    if (open && f.claimedBy === undefined) ward.unclaimed++;
    if (late) {
      ward.overdue++;
      overdue.push({ crimeRef: f.crimeRef, wardCode: f.wardCode, contactDueAt: f.contactDueAt, claimedBy: f.claimedBy, claimedByName: f.claimedByName });
    }
    if (f.claimedBy === undefined || !officerWards.has(f.wardCode)) continue;
    let officer = officers.get(f.claimedBy);
    if (officer === undefined) {
      officer = { officerId: f.claimedBy, name: undefined, wardCodes: [], claimed: 0, delivered: 0, unableToContact: 0, open: 0, overdue: 0, latest: undefined };
      officers.set(f.claimedBy, officer);
    }
    if (!officer.wardCodes.includes(f.wardCode)) officer.wardCodes.push(f.wardCode);
    officer.claimed++;
    if (f.status === "completed") officer.delivered++;
    if (f.status === "unable_to_contact") officer.unableToContact++;
    if (open) officer.open++;
    if (late) officer.overdue++;
    // The latest claim with a name; an earlier referral wins a tie. Display names change.
    const at = f.claimedAt?.getTime() ?? 0;
    if (f.claimedByName && (officer.latest === undefined || at > officer.latest.at)) officer.latest = { at, name: f.claimedByName };
  }
  return {
    wards: [...wards.values()],
    officers: [...officers.values()].map(({ latest, ...officer }) => ({ ...officer, name: latest?.name })),
    overdue,
  };
}
