import type { Parsed } from "./command.js";
import { wardCommand, wardReply } from "./wardCommand.js";

function parse(rest: string, usage: string): Parsed<{ code: string; claimHours: number | undefined; contactDays: number | undefined }> {
  const [code, first, second, ...extra] = rest.split(" ").filter(Boolean);
  if (!code || extra.length > 0) return { ok: false, message: `Usage: ${usage}` };
  if (first?.toLowerCase() === "default" && second === undefined) return { ok: true, args: { code, claimHours: undefined, contactDays: undefined } };
  const hours = Number(first);
  const days = Number(second);
  if (!(hours > 0 && hours <= 200)) return { ok: false, message: `Claim time must be working hours between 0 and 200, e.g. 8. Usage: ${usage}` };
  if (!(Number.isInteger(days) && days >= 1 && days <= 30)) return { ok: false, message: `Contact time must be whole working days from 1 to 30, e.g. 3. Usage: ${usage}` };
  return { ok: true, args: { code, claimHours: hours, contactDays: days } };
}

export const wardSla = wardCommand({
  verb: "sla",
  args: "<ward code> <claim within working hours> <contact within working days> | default",
  description: "Set a ward's own service levels (new referrals), or go back to the force's default",
  parse,
  async handle({ caller, deps }, args) {
    const result = await deps.wards.setServiceLevels(args.code, { claimHours: args.claimHours, contactDays: args.contactDays }, caller.aadObjectId);
    const force = deps.config.serviceLevels;
    return wardReply(result, ({ ward }) =>
      args.claimHours === undefined
        ? `${ward.code} ${ward.name} uses the force's service levels: claim within ${force.claimHours} working hours, contact within ${force.contactDays} working days.`
        : `${ward.code} ${ward.name}: claim within ${args.claimHours} working hours, contact within ${args.contactDays} working days, for referrals from now on.`,
    );
  },
});
