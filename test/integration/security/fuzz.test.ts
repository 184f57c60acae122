import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_AAD } from "../../helpers/botHarness.js";
import { BOT, cardAction, channelMention, personalMessage, user, type TestUser } from "../../helpers/activities.js";
import { WARDS, caseCsv, importCases, seedWards } from "../../helpers/seed.js";
import { IntakeHeaderError, parseCaseCsv, type Problem } from "../../../src/intake/index.js";
import { newApiKey } from "../../../src/server/apiKeys.js";
import { CARD_ACTIONS } from "../../../src/teams/actions/index.js";
import type { Role } from "../../../src/domain/people/roles.js";
import { DirectBot } from "./directBot.js";
import { events, referralFacts, referrals as allReferrals } from "../../helpers/records.js";
import { caseCsvText, caseJsonText, commandText, dataText, invokeSpec } from "./fuzzInputs.js";

// 10,000 generated inputs per kind, through the code /api/messages and /api/cases run. Whatever arrives: no 5xx, no
// crash, no unhandled rejection, and every refusal says specifically what was wrong.

const RUNS = 10_000;
/** Inputs from the same generators also go over real HTTP, fewer of them: that path adds only body parsing and the adapter's `process`. */
const HTTP_RUNS = 300;
/** Intake bodies go concurrently, as several export jobs (or an attacker) would send them; it also keeps the run short. */
const BATCH = 20;
const PROPERTY_TIMEOUT = 600_000;
const GENERIC = /Something went wrong/i;

type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

const problemsOf: unknown[] = [];
const recordProblem = (reason: unknown) => problemsOf.push(reason);

beforeAll(() => {
  process.on("unhandledRejection", recordProblem);
  process.on("uncaughtException", recordProblem);
});
afterAll(() => {
  process.off("unhandledRejection", recordProblem);
  process.off("uncaughtException", recordProblem);
});
afterEach(() => expect(problemsOf, "unhandled rejections or uncaught exceptions").toEqual([]));

const bootstrapAdmin: TestUser = { id: "29:bootstrap", name: "Boot Admin", aadObjectId: ADMIN_AAD };
const hana = user(3, "Hana HCOP");
const sue = user(4, "Sue Supervisor");
const olu = user(1, "Olu Officer");
const pat = user(2, "Pat PCSO");
const nobody = user(9, "Nia Nobody");
/** Teams did not say who this is: no Entra object id. */
const anonymous = { id: "29:anonymous", name: "Anon" } as TestUser;
const ROLE_HOLDERS: [TestUser, Role][] = [[hana, "hcop"], [sue, "supervisor"], [olu, "officer"], [pat, "officer"]];
const SENDERS = [bootstrapAdmin, hana, sue, olu, pat, nobody, anonymous];
const ROLLOUT_WARD = "E05000004";
const WARD_CHANNEL = { id: "19:balham@thread.tacv2", name: "Balham SNT" };
const CHANNELS = [WARD_CHANNEL, { id: "19:coordination@thread.tacv2", name: "HCOP" }, { id: "19:other@thread.tacv2", name: "Other" }];

async function startBot(env: Record<string, string> = {}): Promise<DirectBot> {
  const bot = await DirectBot.start(env);
  await seedWards(bot.deps);
  for (const [who, role] of ROLE_HOLDERS) await bot.deps.roles.grant({ aadObjectId: who.aadObjectId, displayName: who.name }, role, "test");
  return bot;
}

async function expectStillServing(bot: DirectBot) {
  expect((await fetch(`${bot.server.url}/healthz`)).status).toBe(200);
  const { replies } = await bot.turn(personalMessage(bot.serviceUrl, nobody, "help"));
  expect(replies[0]?.text).toMatch(/^\*\*Reassure\*\*/);
}

/** How often each kind of answer came back: a fuzz run that never got past the first check proves little. */
class Tally {
  private readonly counts = new Map<string, number>();
  add(kind: string): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
  }
  /** Every kind was seen at least `min` times. */
  expectEach(kinds: readonly string[], min = 1): void {
    console.info(`answers: ${JSON.stringify(Object.fromEntries(this.counts))}`);
    for (const kind of kinds) expect(this.counts.get(kind) ?? 0, `${kind} in ${JSON.stringify(Object.fromEntries(this.counts))}`).toBeGreaterThanOrEqual(min);
  }
}

/** Logs wall time and this process's CPU time: on a busy shared machine the second says what the run itself costs. */
function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  return run().finally(() => {
    const used = process.cpuUsage(cpu);
    console.info(`${label}: ${((performance.now() - started) / 1000).toFixed(1)} s wall, ${((used.user + used.system) / 1e6).toFixed(1)} s CPU`);
  });
}

describe("fuzzing chat command text (personal chat and channel @mentions)", () => {
  let bot: DirectBot;
  beforeAll(async () => {
    bot = await startBot();
    // Someone the text can @mention, whom Teams knows.
    bot.connector.addMember({ id: pat.id, name: pat.name, aadObjectId: pat.aadObjectId });
    await importCases(bot.deps, caseCsv(20));
  });
  afterAll(() => bot?.stop());

  const input = fc.record({
    text: commandText({ guids: SENDERS.map((s) => s.aadObjectId).filter(Boolean), mentionNames: [pat.name, BOT.name, "Nobody Known"] }),
    sender: fc.nat(SENDERS.length - 1),
    where: fc.oneof(fc.constant("personal" as const), fc.nat(CHANNELS.length - 1)),
    mentionPat: fc.boolean(),
  });
  const activityOf = ({ text, sender, where, mentionPat }: ValueOf<typeof input>) =>
    where === "personal"
      ? personalMessage(bot.serviceUrl, SENDERS[sender]!, text)
      : channelMention(bot.serviceUrl, SENDERS[sender]!, text, { channel: CHANNELS[where]!, extraMentions: mentionPat ? [{ user: pat }] : [] });

  /** One reply, never empty and never the catch-all apology. */
  function expectSpecificReply(replies: { text?: string; attachments?: unknown[] }[], tally?: Tally) {
    expect(replies).toHaveLength(1);
    const [reply] = replies;
    const hasCard = (reply!.attachments?.length ?? 0) > 0;
    const text = reply!.text ?? "";
    expect(hasCard || text.trim().length > 0, "an empty reply").toBe(true);
    expect(text).not.toMatch(GENERIC);
    tally?.add(hasCard ? "card" : /^Only .+ can use \//.test(text) ? "denied" : /^I didn't recognise/.test(text) ? "unrecognised" : /Usage:|needs one of/.test(text) ? "usage" : "other reply");
  }

  it(`answers ${RUNS} generated messages specifically`, async () => {
    const tally = new Tally();
    await timed("command text, direct", () =>
      fc.assert(
        fc.asyncProperty(input, async (generated) => {
          const { replies } = await bot.turn(activityOf(generated));
          expectSpecificReply(replies, tally);
        }),
        { numRuns: RUNS },
      ),
    );
    tally.expectEach(["card", "denied", "unrecognised", "usage", "other reply"], RUNS / 200);
    await expectStillServing(bot);
  }, PROPERTY_TIMEOUT);

  it(`answers ${HTTP_RUNS} of them over HTTP with 200`, async () => {
    await timed("command text, HTTP", () =>
      fc.assert(
        fc.asyncProperty(input, async (generated) => {
          bot.connector.clear();
          const response = await bot.post("/api/messages", JSON.stringify(activityOf(generated)), { "content-type": "application/json" });
          expect(response.status).toBe(200);
          expectSpecificReply(bot.connector.sent().map((r) => r.body));
        }),
        { numRuns: HTTP_RUNS },
      ),
    );
  }, PROPERTY_TIMEOUT);
});

describe("fuzzing card actions (adaptiveCard/action invokes)", () => {
  let bot: DirectBot;
  let referrals: { id: number; where: { channelId: string; activityId: string } }[] = [];
  /** Each referral's version as the last card the bot returned shows it: what a careful clicker would send. */
  const versions = new Map<number, number>();
  const noteVersions = (card: unknown) => {
    for (const [, id, version] of JSON.stringify(card).matchAll(/"referralId":(\d+),"version":(\d+)/g)) versions.set(Number(id), Number(version));
  };
  const INVOKE_SENDERS = [olu, pat, sue, hana, nobody, anonymous, bootstrapAdmin];

  beforeAll(async () => {
    bot = await startBot();
    await bot.turn(channelMention(bot.serviceUrl, bootstrapAdmin, `/ward bind ${ROLLOUT_WARD}`, { channel: WARD_CHANNEL }));
    await importCases(bot.deps, caseCsv(40, { wards: [ROLLOUT_WARD] }));
    await bot.deps.allocation.allocate({ actor: "test" });
    await bot.worker.drain();
    const rows = await bot.db.store.db.referral.findMany({ orderBy: { id: "asc" } });
    referrals = rows.map((r) => ({ id: r.id, where: { channelId: r.channelId!, activityId: r.activityId! } }));
    expect(referrals).toHaveLength(40);
    // Most are claimed by Olu, so that his clicks reach the attempt and complete forms' validation.
    for (const r of rows.slice(0, 30)) {
      await bot.deps.referrals.claim(r.id, r.version, { aadObjectId: olu.aadObjectId, teamsUserId: olu.id, displayName: olu.name, roles: new Set(["officer"]) });
    }
    for (const r of await allReferrals(bot.db.store)) versions.set(r.id, r.version);
    bot.clock.set(new Date("2024-04-03T12:00:00Z"));
  });
  afterAll(() => bot?.stop());

  const spec = invokeSpec({
    inputsOf: Object.fromEntries(CARD_ACTIONS.map((a) => [a.verb, a.inputs])),
    referrals: 40,
    senders: INVOKE_SENDERS.length,
    assignees: [olu.aadObjectId, pat.aadObjectId],
  });

  async function invokeText(s: ValueOf<typeof spec>): Promise<string> {
    const referral = referrals[s.referral]!;
    const version = versions.get(referral.id)!;
    const where = s.thread === "elsewhere" ? { channelId: "19:elsewhere@thread.tacv2", activityId: "1700000000000" } : referrals[s.thread]!.where;
    const { value: _value, ...activity } = cardAction(bot.serviceUrl, INVOKE_SENDERS[s.sender]!, { verb: "x", data: {} }, where);
    const value = `{"action":{"type":${s.actionType},"verb":${s.verb},"data":${dataText(s.data, { id: referral.id, version })}},"trigger":"manual"}`;
    return `${JSON.stringify(activity).slice(0, -1)},"value":${value}}`;
  }

  /** 200 with an invoke body: a card, or an error with a specific message. */
  function expectSpecificAnswer(status: number | undefined, body: any, tally?: Tally) {
    expect(status).toBe(200);
    expect([200, 400, 403, 404]).toContain(body?.statusCode);
    tally?.add(String(body.statusCode));
    if (body.statusCode === 200) {
      expect(body.type).toBe("application/vnd.microsoft.card.adaptive");
      expect(body.value?.type).toBe("AdaptiveCard");
      noteVersions(body.value);
      return;
    }
    expect(body.type).toBe("application/vnd.microsoft.error");
    expect(body.value?.message).toMatch(/^This card could not be used: .+\.$/);
    expect(body.value.message).not.toMatch(GENERIC);
  }

  it(`answers ${RUNS} generated clicks with a card or a specific refusal`, async () => {
    const tally = new Tally();
    await timed("card actions, direct", () =>
      fc.assert(
        fc.asyncProperty(spec, async (s) => {
          const { invokeResponse } = await bot.turn(await invokeText(s));
          expectSpecificAnswer(invokeResponse?.status, invokeResponse?.body, tally);
        }),
        { numRuns: RUNS },
      ),
    );
    tally.expectEach(["200", "400", "403", "404"], RUNS / 200);
    await expectStillServing(bot);
    // Clicks got through to the state machine and its forms, not only to the payload checks.
    const changes = new Tally();
    for (const e of await events(bot.db.store, "referral.")) changes.add(e.action);
    changes.expectEach(["referral.release", "referral.claim", "referral.attempt", "referral.action_refused"]);
    // Whatever was clicked, only people who may claim hold claims, and only officers were reassigned to.
    const holders = (await referralFacts(bot.db.store)).filter((r) => r.claimedBy !== undefined);
    for (const { claimedBy } of holders) expect([olu, pat, sue].map((u) => u.aadObjectId)).toContain(claimedBy);
  }, PROPERTY_TIMEOUT);

  it(`answers ${HTTP_RUNS} of them over HTTP with 200`, async () => {
    await timed("card actions, HTTP", () =>
      fc.assert(
        fc.asyncProperty(spec, async (s) => {
          const response = await bot.post("/api/messages", await invokeText(s), { "content-type": "application/json" });
          expectSpecificAnswer(response.status, response.body);
        }),
        { numRuns: HTTP_RUNS },
      ),
    );
  }, PROPERTY_TIMEOUT);
});

describe("fuzzing case intake (POST /api/cases, CSV and JSON)", () => {
  const key = newApiKey("cms");
  let bot: DirectBot;
  beforeAll(async () => {
    // Thousands of bodies from one key: lift the per-key rate limit, which has its own test.
    bot = await startBot({ INTAKE_API_KEY_HASHES: key.configEntry, INTAKE_RATE_LIMIT_PER_MINUTE: "1000000", INTAKE_AUTH_FAILURES_PER_MINUTE: "10000" });
  });
  afterAll(() => bot?.stop());

  const post = (body: string, type: string, skipInvalid: boolean, authorization = `Bearer ${key.key}`) =>
    bot.post(`/api/cases${skipInvalid ? "?skipInvalid=true" : ""}`, body, { "content-type": type, authorization });

  /** A refusal names what is wrong: an error sentence, or problems each saying what was expected. */
  function expectSpecificProblems(problems: unknown) {
    expect(Array.isArray(problems)).toBe(true);
    for (const p of problems as { row: unknown; expected: unknown }[]) {
      expect(Number.isInteger(p.row) && (p.row as number) >= 0).toBe(true);
      expect(typeof p.expected === "string" && p.expected.trim().length > 0).toBe(true);
    }
  }

  function expectIntakeAnswer({ status, body }: { status: number; body: any }, tally: Tally) {
    expect([200, 400, 401, 413, 415, 422]).toContain(status);
    tally.add(status === 200 && body.rows > 0 ? "200 with rows" : String(status));
    if (status === 200) {
      expect(body.written).toBe(true);
      expectSpecificProblems(body.problems);
    } else if (status === 422) {
      expect(body.written).toBe(false);
      expect(body.problems.length).toBeGreaterThan(0);
      expectSpecificProblems(body.problems);
    } else {
      expect(typeof body.error === "string" && body.error.length > 0).toBe(true);
    }
  }

  const parsesAsJson = (text: string) => {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  };

  /** The bytes split at arbitrary points (inside a UTF-8 sequence too), as a stream delivers them. */
  const chunked = (bytes: Buffer, cuts: number[]) => {
    const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
    return [...at, bytes.length].map((end, i) => bytes.subarray(i === 0 ? 0 : at[i - 1], end));
  };

  /** What the streaming parser alone finds in these bytes, delivered in pieces: no database, no HTTP. */
  async function streamedProblems(chunks: Uint8Array[]): Promise<Problem[]> {
    const options = { knownWardCodes: WARDS.map((w) => w.code), crimeRefPattern: bot.deps.config.intake.crimeRefPattern, storeStrands: bot.deps.config.intake.storeStrands, now: bot.clock.now() };
    const problems: Problem[] = [];
    try {
      for await (const row of parseCaseCsv(chunks, options)) if (!row.ok) problems.push(...row.problems);
    } catch (error) {
      if (!(error instanceof IntakeHeaderError)) throw error;
      return [...error.problems];
    }
    return problems;
  }

  it(`answers ${RUNS} generated CSV bodies over HTTP, ${BATCH} at a time, and the streaming parser agrees on every problem`, async () => {
    const input = fc.record({ csv: caseCsvText(), skipInvalid: fc.boolean(), charset: fc.boolean(), cuts: fc.array(fc.nat(), { maxLength: 4 }) });
    const tally = new Tally();
    await timed("CSV intake", () =>
      fc.assert(
        fc.asyncProperty(fc.array(input, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
          const answers = await Promise.all(batch.map(({ csv, skipInvalid, charset }) => post(csv, charset ? "text/csv; charset=utf-8" : "text/csv", skipInvalid)));
          for (const [i, { csv, cuts }] of batch.entries()) {
            const answer = answers[i]!;
            expectIntakeAnswer(answer, tally);
            // The same bytes as the HTTP body (a lone surrogate becomes U+FFFD on the way), streamed in pieces.
            expect(await streamedProblems(chunked(Buffer.from(csv, "utf8"), cuts))).toEqual(answer.body.problems);
          }
        }),
        { numRuns: RUNS / BATCH },
      ),
    );
    tally.expectEach(["200 with rows", "422"], RUNS / 200);
    await expectStillServing(bot);
  }, PROPERTY_TIMEOUT);

  it(`answers ${RUNS} generated JSON bodies, ${BATCH} at a time`, async () => {
    // Now and then without the key, or declared as something else: refused before the body is read.
    const input = fc.record({
      json: caseJsonText(),
      skipInvalid: fc.boolean(),
      type: fc.oneof({ weight: 20, arbitrary: fc.constantFrom("application/json", "application/json; charset=utf-8", "Application/JSON") }, { weight: 1, arbitrary: fc.constantFrom("text/plain", "application/xml", "multipart/form-data") }),
      authorization: fc.oneof({ weight: 20, arbitrary: fc.constant(`Bearer ${key.key}`) }, { weight: 1, arbitrary: fc.constantFrom("", "Bearer", `Bearer ${key.key}x`, `Basic ${key.key}`, "Bearer rsk_") }),
    });
    const tally = new Tally();
    await timed("JSON intake", () =>
      fc.assert(
        fc.asyncProperty(fc.array(input, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
          const answers = await Promise.all(batch.map(({ json, skipInvalid, type, authorization }) => post(json, type, skipInvalid, authorization)));
          for (const [i, { json, type, authorization }] of batch.entries()) {
            expectIntakeAnswer(answers[i]!, tally);
            if (authorization !== `Bearer ${key.key}`) expect(answers[i]!.status).toBe(401);
            else if (!type.toLowerCase().startsWith("application/json")) expect(answers[i]!.status).toBe(415);
            else if (!parsesAsJson(json)) expect(answers[i]).toMatchObject({ status: 400, body: { error: "The body is not valid JSON." } });
          }
        }),
        { numRuns: RUNS / BATCH },
      ),
    );
    tally.expectEach(["200 with rows", "400", "401", "415", "422"], RUNS / 500);
    await expectStillServing(bot);
  }, PROPERTY_TIMEOUT);
});
