import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_AAD, BotHarness } from "../../helpers/botHarness.js";
import { cardAction, channelMention, personalMessage, user, type TestUser } from "../../helpers/activities.js";
import { caseCsv, importCases, seedWards } from "../../helpers/seed.js";
import { COMMANDS } from "../../../src/teams/commands/index.js";
import { CARD_ACTIONS } from "../../../src/teams/actions/index.js";
import { DEFAULT_GUIDANCE } from "../../../src/domain/referrals/guidance.js";
import type { Caller, Role } from "../../../src/domain/people/roles.js";
import { NAMED_CHANNELS } from "../../../src/teams/outbox/coordination.js";
import { attemptForm, completionForm } from "../../helpers/contactForms.js";

// docs/PERMISSIONS.md is the specification: its two tables are parsed here and every cell is driven through the real
// bot (HTTP → adapter → Application → domain → SQLite). Allowed: the normal answer and its change. Denied: the specific
// refusal, and not one byte changed in any table.

type Column = Role | "no role";
const COLUMNS: readonly Column[] = ["admin", "hcop", "inspector", "supervisor", "officer", "no role"];

// ---------- the document ----------

/** Markdown tables as rows of cells (header first, the |---| line dropped); `\|` inside a cell is a literal pipe. */
function markdownTables(markdown: string): string[][][] {
  const tables: string[][][] = [];
  let current: string[][] | undefined;
  for (const line of markdown.split("\n")) {
    if (!line.trim().startsWith("|")) {
      current = undefined;
      continue;
    }
    const cells = line.trim().replace(/^\|/, "").replace(/\|$/, "").split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, "|"));
    if (cells.every((c) => /^:?-+:?$/.test(c))) continue;
    if (!current) tables.push((current = []));
    current.push(cells);
  }
  return tables;
}

const codeSpan = (cell: string) => /`([^`]+)`/.exec(cell)?.[1];

interface Row {
  label: string;
  cells: string[];
  allowed: ReadonlySet<Column>;
}

function rowsOf(table: string[][]): Row[] {
  const [header, ...body] = table;
  const positions = COLUMNS.map((column) => {
    const at = header!.indexOf(column);
    if (at < 0) throw new Error(`docs/PERMISSIONS.md: a table has no "${column}" column`);
    return [column, at] as const;
  });
  return body.map((cells) => {
    const allowed = new Set<Column>();
    for (const [column, at] of positions) {
      const mark = cells[at] ?? "";
      if (mark === "✓") allowed.add(column);
      else if (mark !== "") throw new Error(`docs/PERMISSIONS.md: "${mark}" in ${cells[0]} / ${column}: use ✓ or leave blank`);
    }
    return { label: cells[0]!, cells, allowed };
  });
}

const tables = markdownTables(readFileSync(new URL("../../../docs/PERMISSIONS.md", import.meta.url), "utf8"));
const commandTable = tables.find((t) => t[0]?.[0] === "Command");
const actionTable = tables.find((t) => t[0]?.includes("Verb"));
if (!commandTable || !actionTable) throw new Error("docs/PERMISSIONS.md must hold a Command table and a Button/Verb table");

const commandRows = rowsOf(commandTable).map((row) => ({ ...row, usage: codeSpan(row.label) ?? "" }));
const verbAt = actionTable[0]!.indexOf("Verb");
const stateAt = actionTable[0]!.indexOf("Referral state");
const actionRows = rowsOf(actionTable).map((row) => ({ ...row, verb: codeSpan(row.cells[verbAt] ?? "") ?? "", state: row.cells[stateAt] ?? "" }));

// ---------- people ----------

const people: Record<Column, TestUser> = {
  admin: user(21, "Ada Admin"),
  hcop: user(22, "Hana HCOP"),
  inspector: user(23, "Ian Inspector"),
  supervisor: user(24, "Sue Supervisor"),
  officer: user(25, "Ola Officer"),
  "no role": user(26, "Nia Nobody"),
};
/** The officer who holds the claim in "claimed by another officer". */
const olu = user(30, "Olu Officer");
/** Whom a reassignment goes to. */
const pat = user(31, "Pat PCSO");
const bootstrapAdmin = { id: "29:bootstrap", name: "Boot Admin", aadObjectId: ADMIN_AAD };
const revokeTarget = (column: Column) => user(40 + COLUMNS.indexOf(column), `Target ${column}`);

const callerOf = (who: TestUser, roles: Role[]): Caller => ({ aadObjectId: who.aadObjectId, teamsUserId: who.id, displayName: who.name, roles: new Set(roles) });
const describeColumn = (column: Column) => (column === "no role" ? "no Reassure role" : column);

const ROLLOUT_WARD = "E05000004"; // every case is referred: one referral per card cell, no randomisation
const WARD_CHANNEL = { id: "19:balham@thread.tacv2", name: "Balham SNT" };
const ABBEY_CHANNEL = { id: "19:abbey@thread.tacv2", name: "Abbey SNT" };
const COLLIERS_CHANNEL = { id: "19:colliers@thread.tacv2", name: "Colliers Wood SNT" };
const COORDINATION = { id: "19:coordination@thread.tacv2", name: "HCOP" };
const INSPECTORS = { id: "19:inspectors@thread.tacv2", name: "Inspectors" };
/** A referred case of its own, for /outcome. */
const OUTCOME_REF = "3000000/24";
const ALLOCATE_REF = "2000000/24";

describe("roles matrix: docs/PERMISSIONS.md against the running bot (sqlite)", () => {
  let bot: BotHarness;
  const db = () => bot.db.store.db;

  /** Every row of every table: identical before and after means nothing at all changed. */
  async function fingerprint(): Promise<string> {
    const names = await db().$queryRawUnsafe<{ name: string }[]>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%' ORDER BY name",
    );
    const dump: Record<string, unknown> = {};
    for (const { name } of names) dump[name] = await db().$queryRawUnsafe(`SELECT * FROM "${name}" ORDER BY rowid`);
    return JSON.stringify(dump, (_key, value) => (typeof value === "bigint" ? value.toString() : value));
  }

  beforeAll(async () => {
    bot = await BotHarness.start("sqlite");
    await seedWards(bot.deps);
    for (const column of COLUMNS) {
      const who = people[column];
      if (column !== "no role") await bot.deps.roles.grant({ aadObjectId: who.aadObjectId, displayName: who.name }, column, "test");
      await bot.deps.roles.grant({ aadObjectId: revokeTarget(column).aadObjectId, displayName: revokeTarget(column).name }, "inspector", "test");
    }
    for (const who of [olu, pat]) await bot.deps.roles.grant({ aadObjectId: who.aadObjectId, displayName: who.name }, "officer", "test");
    // Role holders' Teams ids are recorded on first contact; done here so that it is not mistaken for a change below.
    for (const who of [...Object.values(people), olu, pat]) await bot.deps.roles.identify({ aadObjectId: who.aadObjectId, teamsUserId: who.id, displayName: who.name });

    await bot.send(channelMention(bot.serviceUrl, bootstrapAdmin, `/ward bind ${ROLLOUT_WARD}`, { channel: WARD_CHANNEL }));
    await bot.send(channelMention(bot.serviceUrl, bootstrapAdmin, "/ward bind E05000002", { channel: COLLIERS_CHANNEL }));
    await bot.send(personalMessage(bot.serviceUrl, bootstrapAdmin, `/ward supervise ${ROLLOUT_WARD} ${people.supervisor.aadObjectId}`));
    // One referral per card cell, and a few for the checks after the matrix.
    await importCases(bot.deps, caseCsv(actionRows.length * COLUMNS.length + COLUMNS.length, { wards: [ROLLOUT_WARD], extra: [`${OUTCOME_REF},2024-03-01T08:00:00Z,${ROLLOUT_WARD},crime,public order`] }));
    await bot.deps.allocation.allocate({ actor: "test" });
    await bot.worker.drain();
    // A case for /allocate, received after the allocation above.
    await importCases(bot.deps, `crime_ref,reported_at,ward_code,record_type\n${ALLOCATE_REF},2024-03-01T08:00:00Z,E05000001,crime\n`);
    // Attempts are dated on two days, before "now".
    bot.clock.set(new Date("2024-04-03T12:00:00Z"));
  }, 120_000);
  afterAll(() => bot?.stop());

  it("lists every command and every card verb, and nothing else", () => {
    expect(commandRows.map((r) => r.usage).sort()).toEqual(COMMANDS.map((c) => c.usage).sort());
    expect([...new Set(actionRows.map((r) => r.verb))].sort()).toEqual(CARD_ACTIONS.map((a) => a.verb).sort());
    for (const row of actionRows) expect(Object.keys(SETUP), `state "${row.state}" of ${row.verb}`).toContain(row.state);
  });

  // ---------- commands ----------

  interface CommandCase {
    text: (column: Column) => string;
    channel?: { id: string; name: string };
    /** The normal answer and its effect, for a caller who may use the command. */
    allowed: (reply: { text: string | undefined; card: any }, column: Column) => Promise<void>;
    readOnly?: boolean;
  }

  const freshGrantee = (column: Column) => `00000000-0000-4000-8000-0000000005${COLUMNS.indexOf(column).toString().padStart(2, "0")}`;
  const COMMAND_CASES: Record<string, CommandCase> = {
    help: {
      text: () => "/help",
      readOnly: true,
      allowed: async ({ text }, column) => {
        expect(text).toMatch(/^\*\*Reassure\*\*/);
        expect(text).toContain(`You have ${describeColumn(column)}.`);
      },
    },
    mine: {
      text: () => "/mine",
      readOnly: true,
      allowed: async ({ card }) => expect(JSON.stringify(card)).toMatch(/You have (no open claims|\d+ open claims?)/),
    },
    guide: {
      text: () => "/guide",
      readOnly: true,
      allowed: async ({ card }) => expect(JSON.stringify(card)).toContain(DEFAULT_GUIDANCE[0]),
    },
    allocate: {
      text: () => `/allocate ${ALLOCATE_REF}`,
      allowed: async ({ card }) => {
        expect(JSON.stringify(card)).toContain("1 allocated");
        expect(await db().allocation.count({ where: { case: { crimeRef: ALLOCATE_REF } } })).toBe(1);
      },
    },
    status: {
      text: () => "/status",
      readOnly: true,
      allowed: async ({ card }) => {
        expect(card?.type).toBe("AdaptiveCard");
        expect(JSON.stringify(card)).toContain("Balham");
      },
    },
    "ward sla": {
      text: () => "/ward sla E05000005 8 3",
      allowed: async ({ text }) => expect(text).toBe("E05000005 Kew: claim within 8 working hours, contact within 3 working days, for referrals from now on."),
    },
    "ward supervise": {
      text: () => `/ward supervise E05000003 ${people.supervisor.aadObjectId}`,
      allowed: async ({ text }) => {
        const who = people.supervisor.aadObjectId;
        expect(text).toMatch(new RegExp(`^${who} (now supervises E05000003 Tooting\\.|already supervises E05000003; nothing changed\\.)$`));
      },
    },
    "ward bind": {
      text: () => "/ward bind E05000001",
      channel: ABBEY_CHANNEL,
      allowed: async ({ text }) => {
        expect(text).toMatch(/^(Bound E05000001 Abbey \(Merton\) to this channel\.|E05000001 Abbey is already bound to this channel\.)/);
        expect((await bot.db.store.repos.bindings.get("E05000001"))?.channelId).toBe(ABBEY_CHANNEL.id);
      },
    },
    "ward unbind": {
      text: () => "/ward unbind E05000002",
      allowed: async ({ text }) => {
        expect(text).toMatch(/^(Unbound E05000002 Colliers Wood\.|E05000002 Colliers Wood was not bound to any channel; nothing changed\.)/);
        expect(await bot.db.store.repos.bindings.get("E05000002")).toBeUndefined();
      },
    },
    "ward list": {
      text: () => "/ward list",
      readOnly: true,
      allowed: async ({ card }) => expect(JSON.stringify(card)).toContain("E05000003"),
    },
    "ward mode": {
      text: () => "/ward mode E05000003 rollout",
      allowed: async ({ text }) => {
        expect(text).toMatch(/^E05000003 Tooting: mode trial → rollout\.$|^E05000003 Tooting is already in rollout mode; nothing changed\.$/);
        expect((await db().ward.findUniqueOrThrow({ where: { code: "E05000003" } })).mode).toBe("rollout");
      },
    },
    "coordination bind": {
      text: () => "/coordination bind",
      channel: COORDINATION,
      allowed: async ({ text }) => {
        expect(text).toMatch(/^Reassure's alerts.* will be posted in this channel\./);
        expect(await bot.db.store.repos.settings.get(NAMED_CHANNELS.coordination.settingKey)).toContain(COORDINATION.id);
      },
    },
    "inspectors bind": {
      text: () => "/inspectors bind",
      channel: INSPECTORS,
      allowed: async ({ text }) => {
        expect(text).toMatch(/^The weekly statistics digest will be posted in this channel\./);
        expect(await bot.db.store.repos.settings.get(NAMED_CHANNELS.inspectors.settingKey)).toContain(INSPECTORS.id);
      },
    },
    outcome: {
      text: () => `/outcome ${OUTCOME_REF} 14 03/04/2024`,
      allowed: async ({ text }) => expect(text).toBe(`Recorded outcome 14 for ${OUTCOME_REF}.`),
    },
    stats: {
      text: () => "/stats",
      readOnly: true,
      allowed: async ({ card, text }) => expect(card?.type, text).toBe("AdaptiveCard"),
    },
    "role grant": {
      text: (column) => `/role grant ${freshGrantee(column)} inspector`,
      allowed: async ({ text }, column) => {
        expect(text).toBe(`${freshGrantee(column)} is now inspector.`);
        expect(await bot.db.store.repos.people.rolesOf(freshGrantee(column))).toEqual(["inspector"]);
      },
    },
    "role revoke": {
      text: (column) => `/role revoke ${revokeTarget(column).aadObjectId} inspector`,
      allowed: async ({ text }, column) => {
        expect(text).toBe(`${revokeTarget(column).aadObjectId} no longer has the inspector role.`);
        expect(await bot.db.store.repos.people.rolesOf(revokeTarget(column).aadObjectId)).toEqual([]);
      },
    },
    "role list": {
      text: () => "/role list",
      readOnly: true,
      allowed: async ({ text }) => {
        expect(text).toMatch(/^\*\*Reassure roles\*\*\n/);
        expect(text).toContain(`${people.hcop.name} — \`${people.hcop.aadObjectId}\` — hcop`);
      },
    },
  };

  const commandCells = commandRows.flatMap((row) => COLUMNS.map((column) => ({ row, column, allowed: row.allowed.has(column) })));

  it.each(commandCells)("$row.usage as $column: allowed=$allowed", async ({ row, column, allowed }) => {
    const command = COMMANDS.find((c) => c.usage === row.usage);
    expect(command, `no command has the usage ${row.usage}`).toBeDefined();
    const spec = COMMAND_CASES[command!.name];
    expect(spec, `rolesMatrix.test.ts has no arguments for /${command!.name}`).toBeDefined();
    const who = people[column];
    const text = spec!.text(column);
    const activity = spec!.channel ? channelMention(bot.serviceUrl, who, text, { channel: spec!.channel }) : personalMessage(bot.serviceUrl, who, text);
    const before = await fingerprint();
    bot.connector.clear();
    expect((await bot.send(activity)).status).toBe(200);
    const sent = bot.connector.sent();
    expect(sent).toHaveLength(1);
    const body = sent[0]!.body;
    const reply = { text: body.text as string | undefined, card: body.attachments?.[0]?.content };
    expect(reply.text ?? "").not.toMatch(/Something went wrong/);

    if (allowed) {
      expect(reply.text ?? "").not.toMatch(/^Only .* can use \//);
      await spec!.allowed(reply, column);
      if (spec!.readOnly) expect(await fingerprint()).toBe(before);
      return;
    }
    const denial = /^Only (.+) can use \/(.+)\. You have (.+)\.$/.exec(reply.text ?? "");
    expect(denial, `expected a denial, got: ${reply.text ?? JSON.stringify(reply.card).slice(0, 200)}`).not.toBeNull();
    const [, roles, name, has] = denial!;
    expect(name).toBe(command!.name);
    expect(new Set(roles!.split(" or "))).toEqual(new Set([...row.allowed]));
    expect(has).toBe(describeColumn(column));
    expect(await fingerprint()).toBe(before);
  });

  // ---------- card actions ----------

  interface Ref {
    id: number;
    version: number;
    where: { channelId: string; activityId: string };
  }

  let nextCase = 0;
  /** A referral of its own for each cell, posted in the ward channel and not yet touched. */
  async function freshReferral(): Promise<Ref> {
    const crimeRef = `${1_000_000 + nextCase++}/24`;
    const row = await db().referral.findFirstOrThrow({ where: { case: { crimeRef } } });
    expect(row.status).toBe("posted");
    return { id: row.id, version: row.version, where: { channelId: row.channelId!, activityId: row.activityId! } };
  }

  async function current(ref: Ref): Promise<Ref> {
    const row = await db().referral.findUniqueOrThrow({ where: { id: ref.id } });
    return { ...ref, version: row.version };
  }

  const asOfficer = (who: TestUser) => callerOf(who, ["officer"]);
  async function claimAs(ref: Ref, who: TestUser) {
    expect((await bot.deps.referrals.claim(ref.id, ref.version, asOfficer(who))).kind).toBe("changed");
  }
  async function threeAttempts(ref: Ref, who: TestUser) {
    for (const [date, time] of [["2024-04-02", "11:00"], ["2024-04-02", "15:00"], ["2024-04-03", "09:00"]] as const) {
      const { version } = await current(ref);
      const outcome = await bot.deps.referrals.recordAttempt(ref.id, version, asOfficer(who), attemptForm({ method: "phone", attemptDate: date, attemptTime: time }));
      expect(outcome.kind).toBe("changed");
    }
  }

  /** The states the document's "Referral state" column may name, and who (if anyone) then holds the claim. */
  const SETUP: Record<string, (ref: Ref, caller: TestUser) => Promise<TestUser | undefined>> = {
    posted: async () => undefined,
    "claimed by another officer": async (ref) => (await claimAs(ref, olu), olu),
    "claimed by the caller": async (ref, caller) => (await claimAs(ref, caller), caller),
    "claimed by the caller, 3 attempts on 2 days": async (ref, caller) => (await claimAs(ref, caller), await threeAttempts(ref, caller), caller),
    "claimed by another officer, 3 attempts on 2 days": async (ref) => (await claimAs(ref, olu), await threeAttempts(ref, olu), olu),
    completed: async (ref) => {
      await claimAs(ref, olu);
      const { version } = await current(ref);
      expect((await bot.deps.referrals.complete(ref.id, version, asOfficer(olu), completionForm(COMPLETE_INPUTS))).kind).toBe("changed");
      return olu;
    },
  };

  const ATTEMPT_INPUTS = { method: "phone", attemptDate: "2024-04-03", attemptTime: "10:00" };
  const COMPLETE_INPUTS = { method: "in_person", contactDate: "2024-04-03", contactTime: "10:30", riskAssessment: "completed_now", supportReferral: "none", wantsStatement: "no" };
  const INPUTS: Record<string, Record<string, string>> = { attempt: ATTEMPT_INPUTS, complete: COMPLETE_INPUTS, reassign: { assignee: pat.aadObjectId } };

  const texts = (card: unknown): string[] => {
    const found: string[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === "object") {
        const record = node as Record<string, unknown>;
        if (record.type === "TextBlock" && typeof record.text === "string") found.push(record.text);
        Object.values(record).forEach(walk);
      }
    };
    walk(card);
    return found;
  };
  const inputIds = (card: unknown) => (JSON.stringify(card).match(/"id":"[A-Za-z]+"/g) ?? []).map((m) => m.slice(6, -1));
  const submitVerbs = (card: any): string[] => (card.actions ?? []).map((a: any) => a.verb);

  /** What a permitted click does: its form, or its change to the stored referral. */
  const ALLOWED: Record<string, (card: any, ref: Ref, caller: TestUser) => Promise<void>> = {
    refresh: async (card, ref) => expect(JSON.stringify(card)).toContain(`"referralId":${ref.id}`),
    guide: async (card) => expect(texts(card)).toContain(DEFAULT_GUIDANCE[0]),
    claim: async (card, ref, caller) => {
      expect(await db().referral.findUniqueOrThrow({ where: { id: ref.id } })).toMatchObject({ status: "claimed", claimedBy: caller.aadObjectId });
      expect(texts(card)).toContain("You have claimed this referral.");
    },
    attemptForm: async (card) => {
      expect(inputIds(card)).toEqual(expect.arrayContaining(["method", "attemptDate", "attemptTime"]));
      expect(submitVerbs(card)).toContain("attempt");
    },
    attempt: async (_card, ref) => expect(await db().contactAttempt.count({ where: { referralId: ref.id } })).toBe(1),
    completeForm: async (card) => {
      expect(inputIds(card)).toEqual(expect.arrayContaining(["riskAssessment", "supportReferral", "wantsStatement"]));
      expect(submitVerbs(card)).toContain("complete");
    },
    complete: async (_card, ref, caller) => {
      expect((await db().referral.findUniqueOrThrow({ where: { id: ref.id } })).status).toBe("completed");
      expect(await db().contact.findUniqueOrThrow({ where: { referralId: ref.id } })).toMatchObject({ method: "in_person", recordedBy: caller.aadObjectId });
    },
    unable: async (_card, ref) => expect((await db().referral.findUniqueOrThrow({ where: { id: ref.id } })).status).toBe("unable_to_contact"),
    release: async (_card, ref) => expect(await db().referral.findUniqueOrThrow({ where: { id: ref.id } })).toMatchObject({ status: "posted", claimedBy: null }),
    reassignForm: async (card) => {
      expect(inputIds(card)).toContain("assignee");
      expect(JSON.stringify(card)).toContain(pat.aadObjectId);
      expect(submitVerbs(card)).toContain("reassign");
    },
    reassign: async (_card, ref) => expect(await db().referral.findUniqueOrThrow({ where: { id: ref.id } })).toMatchObject({ status: "claimed", claimedBy: pat.aadObjectId }),
  };

  /** Why a click was refused: the banner heading the card the clicker gets back. Written from the product, not the code. */
  function refusal(verb: string, state: string, claimant: TestUser | undefined, column: Column): string {
    if (state === "completed") return "This referral is closed.";
    // A claimant whose officer role was revoked keeps the claim but may no longer work on it.
    if (state.startsWith("claimed by the caller") && column !== "officer" && column !== "supervisor") {
      return "You no longer hold the officer or supervisor role, so you cannot work on this referral any more: a supervisor or the HCOP will release or reassign it.";
    }
    if (verb === "claim") return claimant ? `Already claimed by ${claimant.name}.` : "Only officers and supervisors with a Reassure role can claim referrals.";
    if (verb === "attemptForm") return "Only the officer who claimed this referral can record attempts.";
    if (verb === "completeForm") return "Only the officer who claimed this referral can complete it.";
    if (verb === "reassignForm" || verb === "reassign") return "Only a supervisor or the HCOP can reassign a referral.";
    if (verb === "unable" && claimant && state.startsWith("claimed by the caller")) return "Record the unsuccessful attempts first: at least the required number, on two different days.";
    if (verb === "release") return `Only ${claimant!.name}, a supervisor or the HCOP can do that.`;
    return `Only ${claimant!.name} can do that.`;
  }

  const actionCells = actionRows.flatMap((row) => COLUMNS.map((column) => ({ row, column, allowed: row.allowed.has(column) })));

  it.each(actionCells)("$row.verb on a referral $row.state, as $column: allowed=$allowed", async ({ row, column, allowed }) => {
    const caller = people[column];
    let ref = await freshReferral();
    const claimant = await SETUP[row.state]!(ref, caller);
    ref = await current(ref);
    const before = await fingerprint();
    const data = { verb: row.verb, referralId: ref.id, version: ref.version, ...INPUTS[row.verb] };
    const { status, body } = await bot.send(cardAction(bot.serviceUrl, caller, { verb: row.verb, data }, ref.where));
    expect(status).toBe(200);
    expect(body).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
    const card = body.value;

    if (allowed) {
      await ALLOWED[row.verb]!(card, ref, caller);
      const changes = !["refresh", "guide", "attemptForm", "completeForm", "reassignForm"].includes(row.verb);
      if (changes) expect((await current(ref)).version).toBe(ref.version + 1);
      else expect(await fingerprint()).toBe(before);
      return;
    }
    expect(texts(card)).toContain(refusal(row.verb, row.state, claimant, column));
    expect(await fingerprint()).toBe(before);
  });

  // The role check comes before the form is read: someone who may not reassign must not get the form back (with every
  // officer's name and Entra object id) just by sending an assignee that is not on the list.
  it.each(COLUMNS.filter((c) => !actionRows.some((r) => r.verb === "reassign" && r.allowed.has(c))))("refuses a reassign with no valid assignee from %s as a reassign, without the list of officers", async (column) => {
    let ref = await freshReferral();
    await claimAs(ref, olu);
    ref = await current(ref);
    const before = await fingerprint();
    const data = { verb: "reassign", referralId: ref.id, version: ref.version, assignee: "not-an-officer" };
    const { body } = await bot.send(cardAction(bot.serviceUrl, people[column], { verb: "reassign", data }, ref.where));
    expect(texts(body.value)).toContain("Only a supervisor or the HCOP can reassign a referral.");
    expect(inputIds(body.value)).not.toContain("assignee");
    expect(JSON.stringify(body.value)).not.toContain(pat.aadObjectId);
    expect(await fingerprint()).toBe(before);
  });
});
