import { defineCommand, text } from "./command.js";
import { parseWardMode } from "./wardArgs.js";

const usage = "/ward mode <ward code> trial|rollout|off";

export const wardMode = defineCommand({
  name: "ward mode",
  usage,
  description: "Switch a ward between trial (randomised), rollout (every case referred) and off",
  roles: ["admin", "hcop"],
  parse: (rest) => parseWardMode(rest, usage),
  async handle({ caller, deps }, { code, mode }) {
    const result = await deps.wards.setMode(code, mode, caller.aadObjectId!);
    if (!result.ok) return text(result.message);
    const { ward, previous } = result;
    return text(previous === mode ? `${ward.code} ${ward.name} is already in ${mode} mode; nothing changed.` : `${ward.code} ${ward.name}: mode ${previous} → ${mode}.`);
  },
});
