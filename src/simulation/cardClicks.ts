import type { ActivityFactory, SimTeam, SimUser } from "./teamsActivities.js";

/** The simulation met something the real bot should never do (a missing button, a refused click): the run is void. */
export class SimulationError extends Error {}

/** An Adaptive Card as the bot sent it: JSON. */
export type CardJson = Record<string, unknown>;

export interface CardPlacement {
  team: SimTeam;
  channelId: string;
  activityId: string;
}

export type PostActivity = (activity: object) => Promise<{ status: number; body: unknown }>;

/** The `data` of the card's Action.Execute with this verb (a button, or the card's refresh action), if it has one. */
export function actionData(card: unknown, verb: string): Record<string, unknown> | undefined {
  if (Array.isArray(card)) {
    for (const item of card) {
      const found = actionData(item, verb);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof card !== "object" || card === null) return undefined;
  const node = card as Record<string, unknown>;
  if (node.type === "Action.Execute" && node.verb === verb && typeof node.data === "object" && node.data !== null) return node.data as Record<string, unknown>;
  for (const value of Object.values(node)) {
    const found = actionData(value, verb);
    if (found) return found;
  }
  return undefined;
}

/**
 * An officer pressing buttons on the cards they see, as Teams would send the clicks: an `adaptiveCard/action` invoke
 * carrying the button's data (and a form's inputs), POSTed to the bot's /api/messages. Returns the card the bot answers
 * with, which is what the officer sees next.
 */
export class CardClicks {
  constructor(
    private readonly post: PostActivity,
    private readonly activities: ActivityFactory,
  ) {}

  async click(who: SimUser, where: CardPlacement, card: CardJson, verb: string, inputs: Record<string, string> = {}): Promise<CardJson> {
    let data = actionData(card, verb);
    if (!data) {
      // The officer's view may be out of date; Teams refreshes it when the card is opened.
      const refreshed = await this.send(who, where, "refresh", actionData(card, "refresh"));
      data = actionData(refreshed, verb);
    }
    return this.send(who, where, verb, data && { ...data, ...inputs });
  }

  private async send(who: SimUser, where: CardPlacement, verb: string, data: Record<string, unknown> | undefined): Promise<CardJson> {
    if (!data) throw new SimulationError(`the card offers ${who.name} no ${verb} button`);
    const { status, body } = await this.post(this.activities.cardAction(who, where.team, where, verb, data));
    const answer = body as { statusCode?: number; value?: unknown } | undefined;
    if (status !== 200 || answer?.statusCode !== 200 || typeof answer.value !== "object" || answer.value === null) {
      throw new SimulationError(`${verb} by ${who.name} was answered ${status}/${answer?.statusCode ?? "no status"}`);
    }
    return answer.value as CardJson;
  }
}
