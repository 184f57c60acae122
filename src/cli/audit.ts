import type { Command } from "commander";
import { verifyAuditLog, type AuditVerification } from "../domain/audit/verifyLog.js";
import type { ChainLink } from "../domain/audit/chain.js";
import { CliInputError, withServices } from "./context.js";

function anchor(raw: string): ChainLink {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(raw.trim().toLowerCase());
  if (!match) throw new CliInputError(`--expect: must be <seq>:<64 hex digits>, as \`reassure audit verify\` prints the head; got ${JSON.stringify(raw)}`);
  return { seq: Number(match[1]), hash: match[2]! };
}

function describe(result: AuditVerification): string[] {
  const lines: string[] = [];
  if (result.ok) {
    const from = result.start.seq === 0 ? "the start" : `seq ${result.start.seq} (older events pruned by the retention purge)`;
    lines.push(`OK: ${result.events} events chained from ${from} to the head; every hash and link matches.`);
  } else {
    lines.push(`FAILED: ${result.problem!.message}`);
    lines.push(`  (${result.events} events checked before it)`);
  }
  if (result.head) lines.push(`Head: seq ${result.head.seq} hash ${result.head.hash} — keep it elsewhere and check later with --expect ${result.head.seq}:${result.head.hash}`);
  if (result.legacyEvents > 0) lines.push(`${result.legacyEvents} events from before the chain existed have no hash: their number is checked, their content cannot be.`);
  return lines;
}

export function auditCommands(program: Command): void {
  const audit = program.command("audit").description("the tamper-evident event log");
  audit
    .command("verify")
    .description("recompute every event's hash in order and report the first broken link (edited, deleted or inserted events); exit 0 only if the log is intact")
    .option("--expect <seq:hash>", "a head printed by an earlier verify: the event at that seq must still have that hash", anchor)
    .option("--json", "print the result as JSON")
    .action(async (options: { expect?: ChainLink; json?: boolean }) => {
      const result = await withServices((deps) => verifyAuditLog(deps.store.repos.audit, { expect: options.expect }));
      console.log(options.json ? JSON.stringify(result, null, 2) : describe(result).join("\n"));
      if (!result.ok) process.exitCode = 1;
    });
}
