import { ActivityTypes, type TurnContext } from "botbuilder";
import type { Caller } from "../../domain/people/roles.js";
import type { Referral } from "../../domain/referrals/referral.js";
import type { AdaptiveCardJson } from "../cards/render.js";
import type { BotDeps } from "../deps.js";

/** What a referral button sends: its verb, the referral id and the version the viewer saw; forms add their inputs. */
export interface ParsedAction {
  referralId: number;
  version: number;
  inputs: Record<string, unknown>;
}

export interface ActionContext {
  turn: TurnContext;
  caller: Caller;
  deps: BotDeps;
  referral: Referral;
}

/**
 * One card action (an `Action.Execute` verb). `parse` accepts only the expected keys and types; `authorize` checks the
 * click against the stored referral (never the card's claims); `handle` returns the card the clicker sees next.
 */
export interface CardAction {
  verb: string;
  /** Input ids a form for this verb may send besides verb, referralId and version. */
  inputs: readonly string[];
  handle(ctx: ActionContext, action: ParsedAction): Promise<AdaptiveCardJson>;
}

export type Refusal = { refused: string };

const CORE_KEYS = ["verb", "referralId", "version"];
const MAX_INPUT_LENGTH = 2000;

export function parseActionData(verb: string, data: unknown, allowedInputs: readonly string[]): ParsedAction | Refusal {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return { refused: "the card sent no data" };
  const record = data as Record<string, unknown>;
  if (record.verb !== verb) return { refused: "the card's verb does not match its action" };
  const { referralId, version } = record;
  if (typeof referralId !== "number" || !Number.isSafeInteger(referralId) || referralId <= 0) return { refused: "the card carries no valid referral id" };
  if (typeof version !== "number" || !Number.isSafeInteger(version) || version <= 0) return { refused: "the card carries no valid version" };
  const inputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (CORE_KEYS.includes(key)) continue;
    if (!allowedInputs.includes(key)) return { refused: `the card sent an unexpected field` };
    if (typeof value !== "string" || value.length > MAX_INPUT_LENGTH) return { refused: `the card sent an invalid value` };
    inputs[key] = value;
  }
  return { referralId, version, inputs };
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
