import type { Referral } from "../../../domain/referrals/referral.js";
import type { DeliveryHandler } from "./context.js";
import { escalationMessage } from "../reminderMessages.js";

/** escalation: a ward's referrals still overdue, to its BCU's coordination channel with the ward's supervisors mentioned. */
export const escalation: DeliveryHandler<"escalation"> = async (_item, message, ctx) => {
  const { store, services } = ctx;
  const referrals = (await Promise.all(message.referralIds.map((id) => store.repos.referrals.get(id)))).filter((r): r is Referral => r !== undefined && (r.status === "posted" || r.status === "claimed"));
  if (referrals.length === 0) return ctx.done("not needed");
  const ward = (await store.repos.wards.get(message.wardCode)) ?? { code: message.wardCode, name: message.wardCode, bcu: undefined };
  const target = await ctx.coordinationChannel("coordination", { bcu: ward.bcu });
  if (!target) return;
  const supervisors = await store.repos.people.supervisorsOf(message.wardCode);
  await ctx.sender.postMessage(target, escalationMessage(ward, referrals, supervisors, services.config.reminders.escalateAfterWorkingHours, services.format), ctx.retries());
  await ctx.done();
};
