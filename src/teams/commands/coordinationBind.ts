import { TurnContext } from "botbuilder";
import { conversationKind } from "../caller.js";
import { describeUnits, unitsWhere } from "../../domain/people/scope.js";
import type { IdentifiedCaller } from "../../domain/people/roles.js";
import { NAMED_CHANNELS, namedChannelKey, type NamedChannel } from "../outbox/coordination.js";
import type { ChannelTarget } from "../outbox/teamsSender.js";
import type { BotDeps } from "../deps.js";
import { defineCommand, text, type Parsed } from "./command.js";

/**
 * Which BCU's channel the caller binds: the one they name, or — for an HCOP of one BCU — theirs; none (the force's)
 * for an admin or a force-wide HCOP who names none. A string answer is the refusal.
 */
async function unitToBind(deps: BotDeps, caller: IdentifiedCaller, named: string | undefined, usage: string): Promise<{ bcu: string | undefined } | string> {
  const units = caller.roles.has("admin") ? "force" : unitsWhere(caller, ["hcop"]);
  if (named === undefined) {
    if (units === "force") return { bcu: undefined };
    if (units.size === 1) return { bcu: [...units][0]! };
    return `You are HCOP for ${describeUnits(units)}: say which BCU this channel is for (${usage}).`;
  }
  const known = await deps.wards.bcus();
  const bcu = known.find((name) => name.toLowerCase() === named.toLowerCase());
  if (bcu === undefined) return `There is no BCU called "${named}". Known BCUs: ${known.join(", ")}.`;
  if (units !== "force" && !units.has(bcu)) return `You are HCOP for ${describeUnits(units)}, not ${bcu}: its HCOP or an admin binds its channel. Nothing was changed.`;
  return { bcu };
}

/**
 * `/coordination bind` and `/inspectors bind`: the channel Reassure posts alerts and digests to — the force's, or one
 * BCU's own (a BCU without one is covered by the force's).
 */
function channelBind(channel: NamedChannel) {
  const { command, pseudoWard, purpose } = NAMED_CHANNELS[channel];
  const usage = `/${command} bind [bcu <name>]`;
  return defineCommand({
    name: `${command} bind`,
    usage,
    description: `In the ${channel === "coordination" ? "HCOP's coordination" : "inspectors'"} channel of the force or of a BCU: post ${purpose} here`,
    roles: ["admin", "hcop"],
    parse(rest): Parsed<{ bcu: string | undefined }> {
      if (rest === "") return { ok: true, args: { bcu: undefined } };
      const named = /^bcu\s+(.+)$/i.exec(rest)?.[1]?.trim();
      return named ? { ok: true, args: { bcu: named } } : { ok: false, message: `Usage: ${usage}` };
    },
    async handle({ turn, caller, deps }, args) {
      const unit = await unitToBind(deps, caller, args.bcu, usage);
      if (typeof unit === "string") return text(unit);
      const here = turn.activity.channelData?.channel;
      if (conversationKind(turn) !== "channel" || !here?.id) return text(`Send ${usage} in that channel (a standard channel), not in a chat.`);
      const reference = TurnContext.getConversationReference(turn.activity);
      reference.conversation = { ...reference.conversation!, id: here.id };
      delete reference.activityId;
      const target: ChannelTarget = {
        channelId: here.id,
        serviceUrl: turn.activity.serviceUrl,
        tenantId: turn.activity.conversation.tenantId ?? turn.activity.channelData?.tenant?.id ?? "",
        conversationRef: JSON.stringify(reference),
      };
      const released = await deps.installations.bindNamedChannel(
        { settingKey: namedChannelKey(channel, unit.bcu), action: `${command}.bound`, pseudoWard, channelId: here.id, target: JSON.stringify(target) },
        caller.aadObjectId,
      );
      const capital = purpose.charAt(0).toUpperCase() + purpose.slice(1);
      const whose = unit.bcu === undefined ? "" : ` for ${unit.bcu}`;
      return text(`${capital}${whose} will be posted in this channel.${released > 0 ? ` ${released} waiting message(s) follow.` : ""}`);
    },
  });
}

export const coordinationBind = channelBind("coordination");
export const inspectorsBind = channelBind("inspectors");
