import type { OutboxMessage } from "../../domain/outbox/outbox.js";
import type { BotDeps } from "../deps.js";
import type { AlertView } from "./referralViews.js";

/** Alerts name the ward and the crime reference at most: they go to the coordination channel. */
export async function coordinationAlertView(deps: BotDeps, message: Extract<OutboxMessage, { kind: "coordination_alert" }>): Promise<AlertView> {
  const ward = message.wardCode ? await deps.wards.get(message.wardCode) : undefined;
  const wardName = ward ? `${ward.name} (${ward.code})` : (message.wardCode ?? "a ward");
  const bind = `In the ward team's standard channel send: @Reassure /ward bind ${message.wardCode ?? "<ward code>"}`;
  if (message.alert === "unbound_ward") {
    return { title: `Referrals waiting: ${wardName} has no channel`, text: `SRC referrals for ${wardName} cannot be posted because the ward is not bound to a Teams channel. They are kept and will be posted as soon as it is.`, fix: bind };
  }
  if (message.alert === "binding_broken") {
    return { title: `Reassure lost access to ${wardName}'s channel`, text: `Teams refused a post to ${wardName}'s channel: the bot was probably removed from the team or the channel was deleted. Referrals are kept and will be posted once the ward is bound again.`, fix: `Add Reassure back to the team, then ${bind.charAt(0).toLowerCase()}${bind.slice(1)}` };
  }
  const referral = message.referralId ? await deps.referrals.get(message.referralId) : undefined;
  return {
    title: "A Teams message could not be delivered",
    text: `After repeated retries Teams did not accept a message${referral ? ` for ${referral.crimeRef}` : ""}${message.wardCode ? ` (${wardName})` : ""}. It has been set aside.`,
    fix: "Check the bot's health and the ward's channel; the log has the details under the same time.",
  };
}
