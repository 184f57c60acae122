import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { parse } from "csv-parse/sync";
import { parseEntraObjectId } from "../domain/people/entraId.js";
import { formatRoleProblem, validateRoleFile, type RoleFileRecord } from "../domain/people/roleRows.js";
import { isRole, ROLES, type Role } from "../domain/people/roles.js";
import type { GrantOutcome, RoleGrant } from "../domain/people/roleService.js";
import { describeHolding } from "../domain/people/scope.js";
import { CliInputError, cliActor, withServices } from "./context.js";

// The administrator's side of `/role grant|revoke|list`: the same role service, events and wording, with the operator
// (`cli:<os user>`) as the actor. People are named by Entra object id, as in the chat command without an @mention.

function personAndRole(idText: string, roleText: string): { aadObjectId: string; role: Role } {
  const aadObjectId = parseEntraObjectId(idText);
  if (!aadObjectId) throw new CliInputError(`"${idText}" is not an Entra object id (a GUID). Find it in the Entra admin centre (Users → the person → Object ID).`);
  const role = roleText.toLowerCase();
  if (!isRole(role)) throw new CliInputError(`"${roleText}" is not a role. Roles: ${ROLES.join(", ")}.`);
  return { aadObjectId, role };
}

/** Records as arrays with the file line each ends on, so every problem can name its line; the header is the first. */
async function readRoleCsv(path: string): Promise<RoleFileRecord[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new CliInputError((error as NodeJS.ErrnoException).code === "ENOENT" ? `No such file: ${path}` : `Cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    const rows = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
    return rows.map(({ record, info }) => ({ line: info.lines, cells: record }));
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    throw new CliInputError(`${path} is not valid CSV${lines ? ` (line ${lines})` : ""}: ${(error as Error).message}`);
  }
}

/** Grants as one transaction; a BCU the role cannot have (or that does not exist) refuses them all, naming the grant. */
async function grantAll(grants: readonly RoleGrant[], where: (index: number) => string): Promise<GrantOutcome[]> {
  const outcomes = await withServices((deps) => deps.roles.grantMany(grants, cliActor()));
  if ("refused" in outcomes) throw new CliInputError(`${where(outcomes.index)}${outcomes.refused} Nothing was changed.`);
  return outcomes;
}

const bcuOption = (text: string | undefined) => {
  const bcu = text?.trim();
  if (bcu === "") throw new CliInputError("--bcu: expected the BCU's name (reassure units list)");
  return bcu;
};

export function roleCommands(program: Command): void {
  const roles = program.command("roles").description(`who holds which Reassure role (${ROLES.join(", ")}); as /role in Teams`);
  roles
    .command("list")
    .description("everyone with a role, bootstrap admins included")
    .option("--json", "machine-readable output")
    .action(async (options: { json?: boolean }) => {
      const { people, bootstrap } = await withServices(async (deps) => {
        const list = await deps.roles.list();
        return { people: list, bootstrap: new Set(list.filter((p) => deps.roles.isBootstrapAdmin(p.aadObjectId)).map((p) => p.aadObjectId)) };
      });
      if (options.json) {
        const rows = people.map((p) => ({
          aadObjectId: p.aadObjectId,
          displayName: p.displayName ?? null,
          roles: p.roles,
          holdings: p.holdings.map((h) => ({ role: h.role, bcu: h.bcu ?? null })),
          bootstrapAdmin: bootstrap.has(p.aadObjectId),
        }));
        console.log(JSON.stringify(rows, null, 2));
        return;
      }
      if (people.length === 0) {
        console.log("Nobody has a Reassure role yet. Grant one with: reassure roles grant <Entra object id> <role>");
        return;
      }
      for (const p of people) {
        const note = bootstrap.has(p.aadObjectId) ? "  (admin from BOOTSTRAP_ADMINS)" : "";
        console.log(`${p.aadObjectId}  ${(p.displayName ?? "(name not yet seen)").padEnd(24)}  ${p.holdings.map(describeHolding).join(", ")}${note}`);
      }
    });
  roles
    .command("grant <aadObjectId> <role>")
    .description("give a person (by Entra object id) a role, force-wide or (hcop, inspector) for one BCU; a role already held changes nothing")
    .option("--name <display name>", "shown in the list until the person first uses the bot")
    .option("--bcu <name>", "hold the role for this BCU only (hcop, inspector)")
    .action(async (idText: string, roleText: string, options: { name?: string; bcu?: string }) => {
      const { aadObjectId, role } = personAndRole(idText, roleText);
      const name = options.name?.trim();
      if (name !== undefined && (name === "" || name.length > 100)) throw new CliInputError("--name: expected 1–100 characters");
      const bcu = bcuOption(options.bcu);
      const what = describeHolding({ role, bcu });
      const [outcome] = await grantAll([{ aadObjectId, role, bcu, displayName: name }], () => "");
      console.log(outcome === "granted" ? `${aadObjectId} is now ${what}.` : `${aadObjectId} already has the ${what} role; nothing changed.`);
    });
  roles
    .command("revoke <aadObjectId> <role>")
    .description("take a role away (with --bcu, the role held for that BCU); names any open claims the person may no longer work on")
    .option("--bcu <name>", "the BCU the role is held for")
    .action(async (idText: string, roleText: string, options: { bcu?: string }) => {
      const { aadObjectId, role } = personAndRole(idText, roleText);
      const bcu = bcuOption(options.bcu);
      const what = describeHolding({ role, bcu });
      const result = await withServices(async (deps) => {
        const outcome = await deps.roles.revoke(aadObjectId, role, cliActor(), bcu);
        const left = outcome === "revoked" ? await deps.referrals.claimsLeftBehind(aadObjectId, await deps.roles.rolesOf(aadObjectId)) : [];
        return { outcome, left: left.map((r) => r.crimeRef) };
      });
      switch (result.outcome) {
        case "revoked": {
          const { left } = result;
          const note = left.length === 0 ? "" : ` They still hold ${left.length === 1 ? "an open claim" : `${left.length} open claims`} (${left.join(", ")}) they may no longer work on: a supervisor or the HCOP must release or reassign ${left.length === 1 ? "it" : "them"}.`;
          console.log(`${aadObjectId} no longer has the ${what} role.${note}`);
          return;
        }
        case "not-held":
          console.log(`${aadObjectId} does not have the ${what} role; nothing changed.`);
          return;
        case "bootstrap-admin":
          throw new CliInputError(`${aadObjectId} is a bootstrap admin (BOOTSTRAP_ADMINS in the configuration); remove them there instead.`);
      }
    });
  roles
    .command("import <file>")
    .description("grant the roles in a CSV with columns aad_object_id,role[,display_name][,bcu]; all rows or none")
    .action(async (file: string) => {
      const [header, ...records] = await readRoleCsv(file);
      const { grants, problems } = validateRoleFile(header, records);
      if (problems.length > 0) {
        throw new CliInputError(`${file}: nothing imported, ${problems.length} problem(s):\n${problems.map((p) => `  ${formatRoleProblem(p)}`).join("\n")}`);
      }
      const outcomes = await grantAll(grants, (index) => `${file}: nothing imported, line ${grants[index]!.line}: `);
      const granted = outcomes.filter((o) => o === "granted").length;
      console.log(`Imported ${file}: ${granted} granted, ${outcomes.length - granted} already held (unchanged).`);
      grants.forEach((g, i) => console.log(`  line ${g.line}: ${g.aadObjectId} ${describeHolding({ role: g.role, bcu: g.bcu })} — ${outcomes[i] === "granted" ? "granted" : "already held"}`));
    });
}
