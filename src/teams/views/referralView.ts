import type { Caller } from "../../domain/people/roles.js";
import { METHOD_LABELS, type Referral } from "../../domain/referrals/referral.js";
import type { ReferralAction } from "../../domain/referrals/referralService.js";
import type { ReferralCardView } from "./referralViews.js";

export type Format = (at: Date) => string;

const STATUS: Record<Referral["status"], { text: (r: Referral) => string; colour: ReferralCardView["statusColour"] }> = {
  to_post: { text: () => "Waiting to be posted", colour: "Default" },
  posted: { text: () => "Waiting to be claimed", colour: "Warning" },
  claimed: { text: (r) => `Claimed by ${r.claimedByName ?? "an officer"}`, colour: "Accent" },
  completed: { text: () => "Contact made", colour: "Good" },
  unable_to_contact: { text: () => "Closed: unable to contact", colour: "Attention" },
  expired: { text: () => "Closed: the case ended before contact", colour: "Default" },
};

function closedSummary(r: Referral, format: Format): string {
  if (r.status === "completed" && r.contact) {
    const statement = r.contact.wantsStatement ? " The victim wishes to give a statement: the investigation has been told in this thread." : "";
    return `${METHOD_LABELS[r.contact.method]} contact on ${format(r.contact.contactAt)} by ${r.claimedByName ?? "the officer"}.${statement}`;
  }
  if (r.status === "unable_to_contact") return `${r.claimedByName ?? "The officer"} could not reach the victim after ${r.attempts.length} attempts.`;
  return "";
}

/** The card's view for one viewer (or for everyone when `allowed` is the everyone-view's actions). */
export function referralCardView(
  r: Referral,
  options: { allowed: readonly ReferralAction[]; format: Format; now: Date; banner?: string; refreshUserIds?: readonly string[]; cardNonce?: string | undefined },
): ReferralCardView {
  const status = STATUS[r.status];
  const overdue = (r.status === "posted" || r.status === "claimed") && options.now.getTime() > r.contactDueAt.getTime();
  const has = (a: ReferralAction) => options.allowed.includes(a);
  return {
    referralId: r.id,
    version: r.version,
    crimeRef: r.crimeRef,
    wardCode: r.wardCode,
    wardName: r.wardName,
    referredAt: options.format(r.createdAt),
    claimDueBy: options.format(r.claimDueAt),
    contactDueBy: options.format(r.contactDueAt) + (overdue ? " — overdue" : ""),
    statusText: status.text(r),
    statusColour: overdue ? "Attention" : status.colour,
    claimedBy: r.claimedByName ?? "",
    attemptsText: r.attempts.length === 0 ? "None yet" : `${r.attempts.length} unsuccessful (last ${options.format(r.attempts.at(-1)!.attemptedAt)})`,
    banner: options.banner ?? "",
    actions: { claim: has("claim"), attempt: has("attempt"), complete: has("complete"), unable: has("unable"), release: has("release"), reassign: has("reassign") },
    closedSummary: closedSummary(r, options.format),
    refreshUserIds: [...(options.refreshUserIds ?? [])].slice(0, 60),
    cardNonce: options.cardNonce,
  };
}

/** Everyone's view, posted in the channel: only Claim, for anyone who may claim; people with more get a refresh. */
export function everyoneActions(r: Referral): ReferralAction[] {
  return r.status === "posted" ? ["claim"] : [];
}

export function staleBanner(r: Referral, format: Format): string {
  if (!r.lastChangedBy || !r.lastChangedAt) return "This card has changed since you opened it.";
  return `This card changed while you were looking: ${STATUS[r.status].text(r).toLowerCase()} (${r.lastChangedBy}, ${format(r.lastChangedAt)}).`;
}

export function viewerBanner(caller: Caller, r: Referral): string | undefined {
  return r.status === "claimed" && caller.aadObjectId === r.claimedBy ? "You have claimed this referral." : undefined;
}
