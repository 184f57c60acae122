import type { OutboxKind } from "../../../domain/outbox/outbox.js";
import type { DeliveryHandler } from "./context.js";
import { cardUpdate } from "./cardUpdate.js";
import { coordinationAlert } from "./coordinationAlert.js";
import { digest } from "./digest.js";
import { escalation } from "./escalation.js";
import { postReferralCard } from "./referralCard.js";
import { reminder } from "./reminder.js";
import { statementNotice } from "./statementNotice.js";
import { retireStrayCopy } from "./strayCopy.js";

/** Every kind of outbox message and how it is delivered: a kind added to OutboxMessage without a handler does not compile. */
export const DELIVERY_KINDS: { readonly [K in OutboxKind]: DeliveryHandler<K> } = {
  post_referral: postReferralCard,
  update_card: cardUpdate,
  statement_notice: statementNotice,
  retire_stray_copy: retireStrayCopy,
  coordination_alert: coordinationAlert,
  reminder,
  escalation,
  digest,
};

/** The handler for one kind, typed to its message. */
export function deliveryOf<K extends OutboxKind>(kind: K): DeliveryHandler<K> {
  return DELIVERY_KINDS[kind];
}

export { deliveryContext, type DeliveryContext, type DeliveryHandler } from "./context.js";
