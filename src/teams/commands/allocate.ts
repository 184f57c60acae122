import { renderCard } from "../cards/render.js";
import { allocationResultView } from "../views/allocationResult.js";
import { unitsWhere } from "../../domain/people/scope.js";
import { card, defineCommand, text, type Parsed } from "./command.js";

const usage = "/allocate [crime reference …]";
const REF = /^[A-Za-z0-9/_-]{3,30}$/;

function parse(rest: string): Parsed<{ crimeRefs: string[] | undefined }> {
  const refs = rest.split(/[\s,]+/).filter(Boolean);
  if (refs.length === 0) return { ok: true, args: { crimeRefs: undefined } };
  const bad = refs.find((r) => !REF.test(r));
  if (bad) return { ok: false, message: `"${bad.slice(0, 30)}" is not a crime reference. Usage: ${usage} (no references: every eligible case).` };
  if (refs.length > 200) return { ok: false, message: "Give at most 200 crime references at once, or none to allocate every eligible case." };
  return { ok: true, args: { crimeRefs: refs } };
}

export const allocate = defineCommand({
  name: "allocate",
  usage,
  description: "Allocate every eligible, unallocated case (or those given) of your BCUs: randomised in trial wards, SRC in rollout wards",
  roles: ["hcop"],
  parse,
  async handle({ caller, deps }, { crimeRefs }) {
    const units = unitsWhere(caller, ["hcop"]);
    const refused = crimeRefs && (await deps.allocation.outsideUnits(crimeRefs, units));
    if (refused) return text(refused);
    const report = await deps.allocation.allocate({ crimeRefs, actor: caller.aadObjectId, ...(units !== "force" && { bcus: [...units] }) });
    return card(renderCard("allocation-result", allocationResultView(report)));
  },
});
