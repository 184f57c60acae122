import { parseWardCode } from "./wardArgs.js";
import { wardCommand, wardReply } from "./wardCommand.js";

export const wardUnbind = wardCommand({
  verb: "unbind",
  args: "<ward code>",
  description: "Stop posting a ward's referral cards to its channel",
  parse: parseWardCode,
  async handle({ caller, deps }, { code }) {
    return wardReply(await deps.wards.unbind(code, caller.aadObjectId), ({ ward, wasBound }) =>
      wasBound
        ? `Unbound ${ward.code} ${ward.name}. Its referrals will wait until the ward is bound again.`
        : `${ward.code} ${ward.name} was not bound to any channel; nothing changed.`,
    );
  },
});
