// Local development: the bot on a SQLite dev database plus the Microsoft 365 Agents Playground (mock Teams), offline.
//   node --import tsx scripts/dev.ts [--as <user id or first name>] [--keep] [--port 3978]
// The database (data/dev.db) starts fresh each run unless --keep: the playground keeps its messages in memory only, so
// cards from an earlier run could no longer be shown or edited there.
// --as makes someone else in .m365agentsplayground.yml the page's user (default: its currentUser, the HCOP). The page
// acts only as that user; a line "<first name> <message>" typed here is sent as that person, in General.
import { createInterface } from "node:readline";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "../src/paths.js";
import { sendMessageAs } from "./dev/playground.js";
import { startDevStack, type DevStack } from "./dev/stack.js";

const { values } = parseArgs({
  options: { keep: { type: "boolean", default: false }, port: { type: "string", default: "3978" }, as: { type: "string" } },
});

const dbPath = join(projectRoot, "data", "dev.db");
let stack: DevStack;
try {
  stack = await startDevStack({ dbPath, keep: values.keep, port: Number(values.port), as: values.as, workDir: join(projectRoot, "data") });
} catch (error) {
  console.error("The local stack did not start:", error);
  process.exit(1);
}
const { bot, playground, seeded } = stack;
// Never leave the playground running behind us, whatever ends this process.
process.on("exit", () => playground.child.kill("SIGTERM"));
playground.child.stdout!.on("data", (chunk: Buffer) => process.stdout.write(`[playground] ${chunk.toString()}`));
playground.child.stderr!.on("data", (chunk: Buffer) => process.stderr.write(`[playground] ${chunk.toString()}`));

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await stack.stop();
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
playground.child.once("exit", (code, signal) => {
  if (stopping) return;
  // Ctrl-C in a terminal reaches the playground too, possibly before this process has handled it.
  if (signal === "SIGINT" || signal === "SIGTERM") return void stop(0);
  console.error(`The playground stopped (code ${code}); stopping the bot too.`);
  void stop(1);
});

const me = playground.config.currentUser;
const people = [me, ...playground.config.users];
const general = playground.config.teams[0]!.channels[0]!;
createInterface({ input: process.stdin }).on("line", (line) => {
  const [name = "", ...words] = line.trim().split(/\s+/);
  const person = people.find((p) => p.id === name || p.name.toLowerCase().startsWith(name.toLowerCase()));
  if (!name) return;
  if (!person || words.length === 0) return console.log(`Type "<first name> <message>", e.g. "hana /allocate"; people: ${people.map((p) => p.name).join(", ")}.`);
  sendMessageAs(playground, { fromId: person.id, conversationId: general.id, text: words.join(" ") }).then(
    () => console.log(`Sent as ${person.name} in ${general.name}: @${playground.config.bot.name} ${words.join(" ")}`),
    (error: unknown) => console.error(`Not sent: ${(error as Error).message}`),
  );
});
console.log(
  [
    "",
    `Reassure (local mode, ${dbPath}) at ${bot.url}; the playground at ${playground.url}`,
    `  Open ${playground.url} — you are ${me.name}. Team "${playground.config.teams[0]?.name}":`,
    `  "${seeded.wardChannel.name}" carries the referral cards of ${seeded.wards.map((w) => `${w.name} (${w.code})`).join(", ")};`,
    `  "${seeded.namedChannel.name}" gets the coordination alerts and the inspectors' digest. ${seeded.casesCreated} new cases wait for allocation.`,
    `  People: ${seeded.people.map((p) => `${p.name} (${p.roles.join(", ") || "no role"})`).join("; ")}.`,
    ...(seeded.unknownPeople.length > 0 ? [`  WARNING: scripts/dev/people.ts names ids not in .m365agentsplayground.yml: ${seeded.unknownPeople.join(", ")}`] : []),
    `  As the HCOP: in Personal Chat send "/allocate", or in a channel type @, pick ${playground.config.bot.name}, then " /allocate" and Post.`,
    `  To act as someone else, type "<first name> <message>" here (e.g. "hana /allocate"): it is sent in ${general.name} with an @mention.`,
    "  Open the page first: it shows only what arrives while it is open (a reload starts empty).",
    "  Ctrl-C stops both.",
    "",
  ].join("\n"),
);
