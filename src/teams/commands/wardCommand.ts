import type { TurnContext } from "botbuilder";
import { outsideUnitsRefusal } from "../../domain/people/scope.js";
import type { WardResult } from "../../domain/wards/wardService.js";
import { defineCommand, text, type Command, type CommandContext, type Parsed, type Reply } from "./command.js";

/**
 * The ward administration commands, `/ward <verb> <ward code> …`: the admin and the HCOP run them, and each changes
 * one ward through WardService. The usage is built here so that it always names the command as typed. An HCOP of one
 * BCU changes only that BCU's wards: any other is refused here, before the command's own code runs.
 */
export function wardCommand<Args extends { code: string }>(spec: {
  verb: string;
  /** What follows the verb in the usage, the ward code first. */
  args: string;
  description: string;
  parse(rest: string, usage: string, turn: TurnContext): Parsed<Args>;
  handle(ctx: CommandContext, args: Args, usage: string): Promise<Reply>;
}): Command<Args> {
  const usage = `/ward ${spec.verb} ${spec.args}`;
  return defineCommand({
    name: `ward ${spec.verb}`,
    usage,
    description: spec.description,
    roles: ["admin", "hcop"],
    parse: (rest, turn) => spec.parse(rest, usage, turn),
    async handle(ctx, args) {
      const ward = await ctx.deps.wards.get(args.code);
      const refused = ward && outsideUnitsRefusal(ctx.caller, ["admin", "hcop"], `${ward.code} ${ward.name}`, ward.bcu);
      return refused ? text(refused) : spec.handle(ctx, args, usage);
    },
  });
}

/** WardService refuses a change with words for the caller (an unknown ward, …); otherwise `reply` says what changed. */
export function wardReply<T>(result: WardResult<T>, reply: (changed: { ok: true } & T) => string): Reply {
  return text(result.ok ? reply(result) : result.message);
}
