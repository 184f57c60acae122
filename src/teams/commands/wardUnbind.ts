import { defineCommand, text } from "./command.js";
import { parseWardCode } from "./wardArgs.js";

const usage = "/ward unbind <ward code>";

export const wardUnbind = defineCommand({
  name: "ward unbind",
  usage,
  description: "Stop posting a ward's referral cards to its channel",
  roles: ["admin", "hcop"],
  parse: (rest) => parseWardCode(rest, usage),
  async handle({ caller, deps }, { code }) {
    const result = await deps.wards.unbind(code, caller.aadObjectId!);
    if (!result.ok) return text(result.message);
    return text(
      result.wasBound
        ? `Unbound ${result.ward.code} ${result.ward.name}. Its referrals will wait until the ward is bound again.`
        : `${result.ward.code} ${result.ward.name} was not bound to any channel; nothing changed.`,
    );
  },
});
