import { ActivityTypes, type TurnContext } from "botbuilder";
import type { IdentifiedCaller } from "../../domain/people/roles.js";
import type { Referral } from "../../domain/referrals/referral.js";
import { isWellFormedText } from "../../domain/wellFormedText.js";
import type { Admission } from "../../domain/referrals/referralService.js";
import type { AdaptiveCardJson } from "../cards/render.js";
import type { BotDeps } from "../deps.js";

/** What a referral button sends: its verb, the referral id and the version the viewer saw; forms add their inputs. */
export interface ParsedAction {
  referralId: number;
  version: number;
  /** Which posted copy of the referral card was clicked (its nonce, see PostAttempt); cards posted before copies had one send none. */
  cardNonce?: string;
  inputs: Record<string, unknown>;
}

export interface ActionContext {
  turn: TurnContext;
  caller: IdentifiedCaller;
  deps: BotDeps;
  /** The click's own checks on the stored referral (it came from the referral's card), made wherever the referral is read. */
  admit: Admission;
  /** The clicked card's copy id: the card the clicker sees next replaces it, so it carries the same one. */
  cardNonce: string | undefined;
}

export type Refusal = { refused: string };
/** A click refused on the stored referral: answered with the status and reason, and logged. */
export type ActionRefusal = Refusal & { status: 403 | 404 };
export type ActionResult = { card: AdaptiveCardJson } | ActionRefusal;

/**
 * One card action (an `Action.Execute` verb). `inputs` bounds what `parseActionData` accepts; `handle` checks the click
 * against the stored referral (never the card's claims) and returns the card the clicker sees next, or a refusal.
 * An action that changes the referral reads it once, in the change's transaction, through ReferralService.
 */
export interface CardAction {
  verb: string;
  /** Input ids a form for this verb may send besides verb, referralId and version. */
  inputs: readonly string[];
  handle(ctx: ActionContext, action: ParsedAction): Promise<ActionResult>;
}

/** The stored referral once it has passed the click's checks; for actions that change nothing (a change reads it itself). */
export async function readReferral(ctx: ActionContext, referralId: number): Promise<Referral | ActionRefusal> {
  const found = await ctx.deps.referrals.getAdmitted(referralId, ctx.admit);
  if (!found) return { refused: "no such referral", status: 404 };
  return "refused" in found ? { refused: found.refused, status: 403 } : found.referral;
}

/** For an action that changes nothing: the card it shows for the stored referral. */
export async function withReferral(ctx: ActionContext, referralId: number, render: (referral: Referral) => Promise<AdaptiveCardJson>): Promise<ActionResult> {
  const referral = await readReferral(ctx, referralId);
  return "refused" in referral ? referral : { card: await render(referral) };
}

const CORE_KEYS = ["verb", "referralId", "version", "card"];
const NONCE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_INPUT_LENGTH = 2000;

export function parseActionData(verb: string, data: unknown, allowedInputs: readonly string[]): ParsedAction | Refusal {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return { refused: "the card sent no data" };
  const record = data as Record<string, unknown>;
  if (record.verb !== verb) return { refused: "the card's verb does not match its action" };
  const { referralId, version } = record;
  if (typeof referralId !== "number" || !Number.isSafeInteger(referralId) || referralId <= 0) return { refused: "the card carries no valid referral id" };
  if (typeof version !== "number" || !Number.isSafeInteger(version) || version <= 0) return { refused: "the card carries no valid version" };
  const cardNonce = record.card;
  if (cardNonce !== undefined && (typeof cardNonce !== "string" || !NONCE.test(cardNonce))) return { refused: "the card carries no valid copy id" };
  const inputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (CORE_KEYS.includes(key)) continue;
    if (!allowedInputs.includes(key)) return { refused: `the card sent an unexpected field` };
    if (typeof value !== "string" || value.length > MAX_INPUT_LENGTH || !isWellFormedText(value)) return { refused: `the card sent an invalid value` };
    inputs[key] = value;
  }
  return cardNonce === undefined ? { referralId, version, inputs } : { referralId, version, cardNonce, inputs };
}

/** Answers the invoke ourselves, so the response only replaces the clicker's view; everyone's view is edited through the outbox. */
export async function respondWithCard(turn: TurnContext, card: AdaptiveCardJson): Promise<void> {
  await turn.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: { status: 200, body: { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: card } },
  });
}

export async function respondWithError(turn: TurnContext, status: 400 | 403 | 404, message: string): Promise<void> {
  await turn.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: { status: 200, body: { statusCode: status, type: "application/vnd.microsoft.error", value: { code: status === 400 ? "BadRequest" : status === 403 ? "Forbidden" : "NotFound", message } } },
  });
}
