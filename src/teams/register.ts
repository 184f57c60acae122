import { ActivityTypes, MessageFactory, type TurnContext } from "botbuilder";
import type { Application } from "@microsoft/teams-ai";
import { randomUUID } from "node:crypto";
import { callerOf } from "./caller.js";
import { isIdentified } from "../domain/people/roles.js";
import { cardAttachment } from "./cards/render.js";
import { COMMANDS } from "./commands/index.js";
import { refusalFor, type Command, type Reply } from "./commands/command.js";
import { REFUSALS } from "./refusals.js";
import type { BotDeps } from "./deps.js";
import { registerInstallationEvents } from "./events/installation.js";
import { commandPattern, normaliseCommandText } from "./text.js";
import { CARD_ACTIONS } from "./actions/index.js";
import { parseActionData, respondWithCard, respondWithError, type ActionResult, type CardAction } from "./actions/action.js";
import type { Admission, CardPlacement } from "../domain/referrals/referralService.js";
import { cardCopyRefusal, retireStrayCopy } from "./actions/strayCopy.js";
import type { Histogram } from "prom-client";
import type { ClickOutcome, CommandOutcome } from "../metrics/metrics.js";

async function send(turn: TurnContext, reply: Reply): Promise<void> {
  if ("card" in reply) await turn.sendActivity(MessageFactory.attachment(cardAttachment(reply.card)));
  else await turn.sendActivity(MessageFactory.text(reply.text));
}

/** authorise (the command's declared roles) → parse → handle, with one reply; a failure is logged by reference and the user told nothing changed. */
async function runCommand(command: Command<never>, pattern: RegExp, turn: TurnContext, deps: BotDeps): Promise<CommandOutcome> {
  const started = performance.now();
  const caller = await callerOf(turn, deps.roles);
  const log = deps.logger.child({ command: command.name, activityId: turn.activity.id });
  const denied = refusalFor(command, caller);
  if (denied) {
    log.info({ outcome: "denied" }, "command");
    await send(turn, { text: denied });
    return "denied";
  }
  if (!isIdentified(caller)) {
    await send(turn, { text: REFUSALS.noIdentity });
    return "no_identity";
  }
  const rest = normaliseCommandText(turn.activity.text).replace(pattern, "").trim();
  const parsed = command.parse(rest, turn);
  if (!parsed.ok) {
    log.info({ outcome: "malformed" }, "command");
    await send(turn, { text: parsed.message });
    return "malformed";
  }
  try {
    await send(turn, await command.handle({ turn, caller, deps }, parsed.args));
    deps.outboxSignal.nudge();
    log.info({ outcome: "ok", ms: Math.round(performance.now() - started) }, "command");
    return "ok";
  } catch (error) {
    const reference = randomUUID().slice(0, 8);
    log.error({ err: error, reference }, "command failed");
    await send(turn, { text: REFUSALS.failed(reference) });
    return "failed";
  }
}

/**
 * Times `work` into `histogram` with the outcome it returns; a throw (a reply that could not be sent) is "failed" and
 * still thrown. The labels are the route's fixed name and the outcome: never the typed text or the card's data.
 */
async function timed<L extends string>(histogram: Histogram<L | "outcome">, labels: Partial<Record<L, string>>, work: () => Promise<string>): Promise<void> {
  const end = histogram.startTimer(labels as Partial<Record<L | "outcome", string>>);
  let outcome = "failed";
  try {
    outcome = await work();
  } finally {
    end({ outcome } as Partial<Record<L | "outcome", string>>);
  }
}

function familyUsage(text: string): string | undefined {
  const first = text.replace(/^\//, "").split(" ")[0]?.toLowerCase();
  const family = COMMANDS.filter((c) => c.name.split(" ")[0] === first && c.name.includes(" "));
  if (family.length === 0) return undefined;
  return [`\`/${first}\` needs one of:`, ...family.map((c) => `- \`${c.usage}\` — ${c.description}`)].join("\n");
}

/** A click must come from the referral's own thread (or, before it is posted, from nowhere it could be). */
function clickedOnItsCard(conversationId: string, card: CardPlacement | undefined): card is CardPlacement {
  if (!card) return false;
  const [channel, thread] = conversationId.split(";messageid=");
  if (channel !== card.channelId) return false;
  return thread === undefined || conversationId === card.conversationId;
}

/** A refused click is logged as an event and answered with why; nothing else changes. */
async function refuseCardAction(turn: TurnContext, deps: BotDeps, actor: string | undefined, verb: string, reason: string, status: 400 | 403 | 404, subjectId = "unknown"): Promise<void> {
  deps.logger.warn({ verb, activityId: turn.activity.id, reason }, "card action refused");
  await deps.referrals.recordRefusedAction(actor ?? "unknown", verb, reason, subjectId);
  await respondWithError(turn, status, REFUSALS.cardUnusable(reason));
}

/** Any `adaptiveCard/action` invoke: those no verb route took carry a verb (or action type) none of our cards send. */
function isCardActionInvoke(turn: TurnContext): boolean {
  return turn.activity.type === ActivityTypes.Invoke && turn.activity.name === "adaptiveCard/action";
}

/**
 * parse → handle for a card click. A payload that is not exactly what our cards send, names no stored referral, or
 * comes from another conversation than the referral's is refused, logged as an event, and changes nothing. The stored
 * referral is checked where the action reads it — for a change, once, inside the change's transaction.
 */
async function runAction(action: CardAction, turn: TurnContext, data: unknown, deps: BotDeps): Promise<ClickOutcome> {
  const log = deps.logger.child({ verb: action.verb, activityId: turn.activity.id });
  const caller = await callerOf(turn, deps.roles);
  const refuse = async (reason: string, status: 400 | 403 | 404, subjectId = "unknown"): Promise<ClickOutcome> => {
    await refuseCardAction(turn, deps, caller.aadObjectId, action.verb, reason, status, subjectId);
    return "refused";
  };
  const parsed = parseActionData(action.verb, data, action.inputs);
  if ("refused" in parsed) return refuse(parsed.refused, 400);
  if (!isIdentified(caller)) return refuse(REFUSALS.noIdentityReason, 403, String(parsed.referralId));
  const admit: Admission = (_referral, card) => (clickedOnItsCard(turn.activity.conversation.id, card) ? cardCopyRefusal(parsed, card) : "the card belongs to another conversation");
  let result: ActionResult;
  try {
    result = await action.handle({ turn, caller, deps, admit, cardNonce: parsed.cardNonce }, parsed);
    if ("refused" in result && result.status === 403) {
      const notice = await retireStrayCopy(turn, deps, parsed);
      if (notice) result = { card: notice };
    }
  } catch (error) {
    const reference = randomUUID().slice(0, 8);
    log.error({ err: error, reference }, "card action failed");
    await respondWithError(turn, 400, REFUSALS.failed(reference));
    return "failed";
  }
  if ("refused" in result) return refuse(result.refused, result.status, String(parsed.referralId));
  await respondWithCard(turn, result.card);
  deps.outboxSignal.nudge();
  return "ok";
}

/** Wires every command, card action and Teams event into the Application. The only place routes are declared. */
export function register(app: Application, deps: BotDeps): void {
  for (const action of CARD_ACTIONS) {
    app.adaptiveCards.actionExecute(action.verb, async (turn, _state, data) => {
      await timed(deps.metrics.clickSeconds, { verb: action.verb }, () => runAction(action, turn, data, deps));
      return ""; // the invoke response was sent by runAction
    });
  }
  // Unanswered, an invoke gets HTTP 501 from the adapter: a forged or outdated verb is the sender's fault, so say so.
  app.addRoute(
    (turn) => Promise.resolve(isCardActionInvoke(turn)),
    async (turn) => refuseCardAction(turn, deps, turn.activity.from?.aadObjectId?.toLowerCase(), "unknown", REFUSALS.unknownVerb, 400),
    true,
  );
  for (const command of COMMANDS) {
    const pattern = commandPattern(command.name);
    app.message((turn) => Promise.resolve(pattern.test(normaliseCommandText(turn.activity.text))), (turn) =>
      timed(deps.metrics.commandSeconds, { command: command.name }, () => runCommand(command, pattern, turn, deps)),
    );
  }
  registerInstallationEvents(app, deps);

  const help = COMMANDS[0]!;
  // Anything else gets the help text, headed by what went wrong. The typed text is not echoed: it may hold case details.
  app.activity(ActivityTypes.Message, async (turn) => {
    const typed = normaliseCommandText(turn.activity.text);
    if (typed.length === 0 && turn.activity.value) return; // a legacy card submit, not a command
    const usage = familyUsage(typed);
    if (usage) return send(turn, { text: usage });
    const caller = await callerOf(turn, deps.roles);
    if (!isIdentified(caller)) return send(turn, { text: REFUSALS.noIdentity });
    const reply = await help.handle({ turn, caller, deps }, undefined as never);
    const heading = typed.length > 0 ? "I didn't recognise that command. " : "";
    return send(turn, "text" in reply ? { text: heading + reply.text } : reply);
  });
}
