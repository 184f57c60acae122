import type { TurnContext } from "botbuilder";
import type { Caller, IdentifiedCaller, Role } from "../../domain/people/roles.js";
import { hasAnyRole } from "../../domain/people/roles.js";
import { REFUSALS } from "../refusals.js";
import type { AdaptiveCardJson } from "../cards/render.js";
import type { BotDeps } from "../deps.js";

export type Reply = { text: string } | { card: AdaptiveCardJson };
export type Parsed<Args> = { ok: true; args: Args } | { ok: false; message: string };

export interface CommandContext {
  turn: TurnContext;
  caller: IdentifiedCaller;
  deps: BotDeps;
}

/**
 * One chat command. Who may use it is declared once, in `roles` (the table docs/PERMISSIONS.md documents); register.ts
 * checks it before `parse`, so people without the role learn nothing more than that. `handle` runs only with a valid,
 * authorised request, and every change it makes is one transaction.
 */
export interface Command<Args = unknown> {
  /** Words after the optional slash, e.g. "ward bind". */
  name: string;
  usage: string;
  description: string;
  /** Who may use it; checked before anything else, shown in `help` and in docs/PERMISSIONS.md. */
  roles: readonly Role[] | "anyone";
  parse(rest: string, turn: TurnContext): Parsed<Args>;
  handle(ctx: CommandContext, args: Args): Promise<Reply>;
}

/** Why this caller may not use the command, or undefined when they may. */
export function refusalFor(command: Pick<Command, "name" | "roles">, caller: Caller): string | undefined {
  return mayUse(command, caller) ? undefined : REFUSALS.wrongRole(command.name, command.roles as readonly Role[], caller.roles);
}

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
  rest.length === 0 ? { ok: true, args: undefined } : { ok: false, message: REFUSALS.noArguments(usage) };
