import type { Command } from "commander";
import { heldLines } from "../domain/outbox/held.js";
import type { OutboxState, OutboxStatusReport } from "../domain/outbox/statusReport.js";
import { CliInputError, cliActor, withServices } from "./context.js";
import { readCommand } from "./readCommand.js";

const STATES: readonly OutboxState[] = ["pending", "leased", "held", "dead", "delivered"];

function age(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}

function printStatus(report: OutboxStatusReport): void {
  const kinds = Object.keys(report.byKind).sort();
  if (kinds.length === 0) {
    console.log("The outbox is empty.");
    return;
  }
  console.log(["kind".padEnd(20), ...STATES.map((s) => s.padStart(10))].join(""));
  for (const kind of kinds) {
    const states = report.byKind[kind as keyof typeof report.byKind] ?? {};
    console.log([kind.padEnd(20), ...STATES.map((s) => String(states[s] ?? 0).padStart(10))].join(""));
  }
  console.log("");
  console.log(report.oldestPendingSeconds === undefined ? "Nothing is waiting to be delivered." : `Oldest item waiting to be delivered: ${age(report.oldestPendingSeconds)} old.`);
  if (report.held.length > 0) {
    console.log("\nHeld until a channel is bound (released by the bind command):");
    for (const line of heldLines(report.held, Infinity)) console.log(`  ${line}`);
  }
  if (report.dead.length > 0) {
    console.log("\nDead letters (deliver one again with: reassure outbox retry <id>):");
    for (const d of report.dead) {
      console.log(`  #${d.id}  ${d.kind}${d.wardCode ? `  ${d.wardCode}` : ""}  ${d.attempts} attempts  queued ${d.createdAt.toISOString()}  ${d.lastError ?? ""}`);
    }
  }
}

function outboxId(raw: string): number {
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id) || id < 1) throw new CliInputError(`outbox retry: expected an outbox item id (a whole number), got ${JSON.stringify(raw)}`);
  return id;
}

export function outboxCommands(program: Command): void {
  const outbox = program.command("outbox").description("the messages waiting to go to Teams");
  readCommand(outbox, "status", {
    description: "items by kind and state, the oldest waiting item's age, what is held for want of a channel, dead letters",
    read: (deps) => deps.store.repos.outbox.status(deps.clock.now()),
    print: printStatus,
  });
  outbox
    .command("retry <id>")
    .description("deliver a dead-lettered item again (the running bot picks it up; a referral card is looked for in the channel first)")
    .action(async (raw: string) => {
      const id = outboxId(raw);
      const result = await withServices((deps) =>
        deps.store.transaction(async (tx) => {
          const at = deps.clock.now();
          const retried = await tx.outbox.retryDead(id, at);
          if (retried.ok) await tx.events.append({ actor: cliActor(), action: "outbox.retried", subjectType: "outbox", subjectId: String(id), details: { kind: retried.kind } }, at);
          return retried;
        }),
      );
      if (!result.ok) {
        throw new CliInputError(result.reason === "unknown" ? `No outbox item ${id}: nothing changed.` : `Outbox item ${id} is ${result.state ?? "not dead-lettered"}, not a dead letter: nothing changed.`);
      }
      console.log(`Outbox item ${id} (${result.kind}) is due again; the running bot delivers it within a second or so.`);
    });
}
