import type { TurnContext } from "botbuilder";
import type { Caller, Role } from "../../domain/people/roles.js";
import { describeRoles, hasAnyRole } from "../../domain/people/roles.js";
import type { AdaptiveCardJson } from "../cards/render.js";
import type { BotDeps } from "../deps.js";

export type Reply = { text: string } | { card: AdaptiveCardJson };
export type Parsed<Args> = { ok: true; args: Args } | { ok: false; message: string };

export interface CommandContext {
  turn: TurnContext;
  caller: Caller;
  deps: BotDeps;
}

/**
 * One chat command. `authorize` runs before `parse` so that people without the role learn nothing more than that;
 * `handle` runs only with a valid, authorised request, and every change it makes is one transaction.
 */
export interface Command<Args = unknown> {
  /** Words after the optional slash, e.g. "ward bind". */
  name: string;
  usage: string;
  description: string;
  /** Who may use it; shown in `help` and in the README's permission table. */
  roles: readonly Role[] | "anyone";
  authorize(caller: Caller): string | undefined;
  parse(rest: string, turn: TurnContext): Parsed<Args>;
  handle(ctx: CommandContext, args: Args): Promise<Reply>;
}

export function requireRoles(name: string, roles: readonly Role[]): (caller: Caller) => string | undefined {
  return (caller) =>
    hasAnyRole(caller, roles)
      ? undefined
      : `Only ${roles.join(" or ")} can use /${name}. You have ${describeRoles(caller.roles)}.`;
}

export const anyone = (): undefined => undefined;

export function mayUse(command: Pick<Command, "roles">, caller: Caller): boolean {
  return command.roles === "anyone" || hasAnyRole(caller, command.roles);
}

export const text = (value: string): Reply => ({ text: value });
export const card = (value: AdaptiveCardJson): Reply => ({ card: value });

/** Declares a command with its argument type inferred from `parse`. */
export function defineCommand<Args>(command: Command<Args>): Command<Args> {
  return command;
}

export const noArgs = (usage: string) => (rest: string): Parsed<undefined> =>
  rest.length === 0 ? { ok: true, args: undefined } : { ok: false, message: `This command takes no arguments. Usage: ${usage}` };
