import { parseWardMode } from "./wardArgs.js";
import { wardCommand, wardReply } from "./wardCommand.js";

export const wardMode = wardCommand({
  verb: "mode",
  args: "<ward code> trial|rollout|off",
  description: "Switch a ward between trial (randomised), rollout (every case referred) and off",
  parse: parseWardMode,
  async handle({ caller, deps }, { code, mode }) {
    return wardReply(await deps.wards.setMode(code, mode, caller.aadObjectId), ({ ward, previous }) =>
      previous === mode ? `${ward.code} ${ward.name} is already in ${mode} mode; nothing changed.` : `${ward.code} ${ward.name}: mode ${previous} → ${mode}.`,
    );
  },
});
