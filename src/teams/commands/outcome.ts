import { DateTime } from "luxon";
import { outcomesAsCsv } from "../../domain/outcomes/outcomeService.js";
import { formatProblem } from "../../intake/index.js";
import { unitsWhere } from "../../domain/people/scope.js";
import { defineCommand, text, type Parsed } from "./command.js";

const usage = "/outcome <crime reference> <outcome code> [date dd/mm/yyyy]";

function parse(rest: string): Parsed<{ crimeRef: string; code: string; date: string | undefined }> {
  const [crimeRef, code, date, ...extra] = rest.split(" ").filter(Boolean);
  if (!crimeRef || !code || extra.length > 0) return { ok: false, message: `Usage: ${usage}` };
  return { ok: true, args: { crimeRef, code, date } };
}

export const outcome = defineCommand({
  name: "outcome",
  usage,
  description: "Record (or correct) the Home Office outcome a case closed with",
  roles: ["hcop"],
  parse,
  async handle({ caller, deps }, { crimeRef, code, date }) {
    const refused = await deps.allocation.outsideUnits([crimeRef], unitsWhere(caller, ["hcop"]));
    if (refused) return text(refused);
    const day = date ?? DateTime.fromJSDate(deps.clock.now(), { zone: deps.config.timeZone }).toFormat("dd/MM/yyyy");
    const report = await deps.outcomes.importCsv([outcomesAsCsv([{ crime_ref: crimeRef, outcome_code: code, outcome_date: day }])], { actor: caller.aadObjectId, source: "chat", skipInvalid: false });
    if (!report.written) return text(`Nothing recorded: ${report.problems.map((p) => formatProblem({ ...p, row: 1 }).replace(/^row 1, /, "")).join("; ")}.`);
    if (report.unchanged > 0) return text(`${crimeRef} already has outcome ${code.toUpperCase()} on that date; nothing changed.`);
    return text(report.corrected > 0 ? `Corrected the outcome of ${crimeRef} to ${code.toUpperCase()} (the previous one is kept in the event log).` : `Recorded outcome ${code.toUpperCase()} for ${crimeRef}.`);
  },
});
