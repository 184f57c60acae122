import { MessageFactory, type Activity } from "botbuilder";
import type { ThreadReminderStage } from "../../domain/outbox/outbox.js";
import type { PersonRecord } from "../../domain/ports.js";
import type { Referral } from "../../domain/referrals/referral.js";

type Format = (at: Date) => string;

/** A text message that @mentions people Teams knows by id; people without a Teams id are named plainly. */
function withMentions(text: (mention: (name: string, teamsId: string | undefined) => string) => string): Partial<Activity> {
  const entities: { type: string; text: string; mentioned: { id: string; name: string } }[] = [];
  const body = text((name, teamsId) => {
    if (!teamsId) return name;
    const tag = `<at>${name}</at>`;
    entities.push({ type: "mention", text: tag, mentioned: { id: teamsId, name } });
    return tag;
  });
  return { ...MessageFactory.text(body), entities };
}

/** The reply posted in a referral's thread, @mentioning the claimant where Teams told us their id. Crime reference and times only. */
export function threadReminder(stage: ThreadReminderStage, r: Referral, claimantTeamsId: string | undefined, format: Format): Partial<Activity> {
  if (stage === "claim_overdue") {
    return MessageFactory.text(`Nobody has claimed ${r.crimeRef} yet: it was due to be claimed by ${format(r.claimDueAt)}. Can someone in the ward team pick it up?`);
  }
  return withMentions((mention) => {
    const who = mention(r.claimedByName ?? "Officer", claimantTeamsId);
    return stage === "contact_due_soon"
      ? `${who} reassurance contact for ${r.crimeRef} is due by ${format(r.contactDueAt)}.`
      : `${who} reassurance contact for ${r.crimeRef} was due by ${format(r.contactDueAt)} and is overdue. If you cannot make it, release the referral so a colleague can.`;
  });
}

/** One message per ward to the coordination channel, naming the ward's supervisors. */
export function escalationMessage(ward: { code: string; name: string }, overdue: readonly Referral[], supervisors: readonly PersonRecord[], marginHours: number, format: Format): Partial<Activity> {
  return withMentions((mention) => {
    const lines = overdue.map((r) => `- ${r.crimeRef}: ${r.status === "claimed" ? `claimed by ${r.claimedByName ?? "an officer"}` : "not claimed"}, due ${format(r.contactDueAt)}`);
    const who = supervisors.length > 0 ? supervisors.map((s) => mention(s.displayName ?? "Supervisor", s.teamsUserId)).join(", ") : "No supervisor is assigned to this ward (/ward supervise).";
    return [`**Overdue in ${ward.name} (${ward.code})**: ${overdue.length} referral${overdue.length === 1 ? "" : "s"} more than ${marginHours} working hours past due.`, ...lines, who].join("\n");
  });
}
