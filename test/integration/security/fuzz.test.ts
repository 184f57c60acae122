import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_AAD } from "../../helpers/botHarness.js";
import { BOT, cardAction, channelMention, personalMessage, user, type TestUser } from "../../helpers/activities.js";
import { caseCsv, importCases, seedWards } from "../../helpers/seed.js";
import { newApiKey } from "../../../src/server/apiKeys.js";
import { CARD_ACTIONS } from "../../../src/teams/actions/index.js";
import type { Role } from "../../../src/domain/people/roles.js";
import { DirectBot } from "./directBot.js";
import { caseCsvText, caseJsonText, commandText, dataText, invokeSpec } from "./fuzzInputs.js";

// 10,000 generated inputs per kind, through the code /api/messages and /api/cases run. Whatever arrives: no 5xx, no
// crash, no unhandled rejection, and every refusal says specifically what was wrong.

const RUNS = 10_000;
/** The same inputs also go over real HTTP, fewer of them: that path adds only body parsing and the adapter's `process`. */
const HTTP_RUNS = 300;
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

function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  return run().finally(() => console.info(`${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`));
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
  function expectSpecificReply(replies: { text?: string; attachments?: unknown[] }[]) {
    expect(replies).toHaveLength(1);
    const [reply] = replies;
    const hasCard = (reply!.attachments?.length ?? 0) > 0;
    expect(hasCard || (reply!.text ?? "").trim().length > 0, "an empty reply").toBe(true);
    expect(reply!.text ?? "").not.toMatch(GENERIC);
  }

  it(`answers ${RUNS} generated messages specifically`, async () => {
    await timed("command text, direct", () =>
      fc.assert(
        fc.asyncProperty(input, async (generated) => {
          const { replies } = await bot.turn(activityOf(generated));
          expectSpecificReply(replies);
        }),
        { numRuns: RUNS },
      ),
    );
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
    bot.clock.set(new Date("2024-04-03T12:00:00Z"));
  });
  afterAll(() => bot?.stop());

  const spec = invokeSpec({
    verbs: [...CARD_ACTIONS.map((a) => a.verb), "delete", "approve", "Claim"],
    inputs: [...new Set(CARD_ACTIONS.flatMap((a) => a.inputs))],
    referrals: 40,
    senders: INVOKE_SENDERS.length,
  });

  async function invokeText(s: ValueOf<typeof spec>): Promise<string> {
    const referral = referrals[s.referral]!;
    const version = (await bot.db.store.db.referral.findUniqueOrThrow({ where: { id: referral.id }, select: { version: true } })).version;
    const where = s.thread === "elsewhere" ? { channelId: "19:elsewhere@thread.tacv2", activityId: "1700000000000" } : referrals[s.thread]!.where;
    const { value: _value, ...activity } = cardAction(bot.serviceUrl, INVOKE_SENDERS[s.sender]!, { verb: "x", data: {} }, where);
    const value = `{"action":{"type":${s.actionType},"verb":${s.verb},"data":${dataText(s.data, { id: referral.id, version })}},"trigger":"manual"}`;
    return `${JSON.stringify(activity).slice(0, -1)},"value":${value}}`;
  }

  /** 200 with an invoke body: a card, or an error with a specific message. */
  function expectSpecificAnswer(status: number | undefined, body: any) {
    expect(status).toBe(200);
    expect([200, 400, 403, 404]).toContain(body?.statusCode);
    if (body.statusCode === 200) {
      expect(body.type).toBe("application/vnd.microsoft.card.adaptive");
      expect(body.value?.type).toBe("AdaptiveCard");
      return;
    }
    expect(body.type).toBe("application/vnd.microsoft.error");
    expect(body.value?.message).toMatch(/^This card could not be used: .+\.$/);
    expect(body.value.message).not.toMatch(GENERIC);
  }

  it(`answers ${RUNS} generated clicks with a card or a specific refusal`, async () => {
    await timed("card actions, direct", () =>
      fc.assert(
        fc.asyncProperty(spec, async (s) => {
          const { invokeResponse } = await bot.turn(await invokeText(s));
          expectSpecificAnswer(invokeResponse?.status, invokeResponse?.body);
        }),
        { numRuns: RUNS },
      ),
    );
    await expectStillServing(bot);
    // Whatever was clicked, only people who may claim hold claims, and only officers were reassigned to.
    const holders = await bot.db.store.db.referral.findMany({ where: { claimedBy: { not: null } }, select: { claimedBy: true } });
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

describe("fuzzing case intake (POST /api/cases and the CSV importer)", () => {
  const key = newApiKey("cms");
  let bot: DirectBot;
  beforeAll(async () => {
    bot = await startBot({ INTAKE_API_KEY_HASHES: key.configEntry });
  });
  afterAll(() => bot?.stop());

  const post = (body: string, type: string, skipInvalid: boolean) =>
    bot.post(`/api/cases${skipInvalid ? "?skipInvalid=true" : ""}`, body, { "content-type": type, authorization: `Bearer ${key.key}` });

  /** A refusal names what is wrong: an error sentence, or problems each saying what was expected. */
  function expectSpecificProblems(problems: unknown) {
    expect(Array.isArray(problems)).toBe(true);
    for (const p of problems as { row: unknown; expected: unknown }[]) {
      expect(Number.isInteger(p.row) && (p.row as number) >= 0).toBe(true);
      expect(typeof p.expected === "string" && p.expected.trim().length > 0).toBe(true);
    }
  }

  function expectIntakeAnswer({ status, body }: { status: number; body: any }) {
    expect([200, 400, 413, 422]).toContain(status);
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

  /** The bytes split at arbitrary points (inside a UTF-8 sequence too), as a stream delivers them. */
  const chunked = (bytes: Buffer, cuts: number[]) => {
    const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
    return [...at, bytes.length].map((end, i) => bytes.subarray(i === 0 ? 0 : at[i - 1], end));
  };

  it(`answers ${RUNS} generated CSV bodies over HTTP, and the streaming importer agrees on every problem`, async () => {
    const input = fc.record({ csv: caseCsvText(), skipInvalid: fc.boolean(), charset: fc.boolean(), cuts: fc.array(fc.nat(), { maxLength: 4 }) });
    await timed("CSV intake", () =>
      fc.assert(
        fc.asyncProperty(input, async ({ csv, skipInvalid, charset, cuts }) => {
          const answer = await post(csv, charset ? "text/csv; charset=utf-8" : "text/csv", skipInvalid);
          expectIntakeAnswer(answer);
          // The same bytes as the HTTP body (lone surrogates become U+FFFD on the way), streamed in pieces.
          const report = await bot.deps.intake.importCsv(chunked(Buffer.from(csv, "utf8"), cuts), { actor: "fuzz", skipInvalid, source: "fuzz" });
          expectSpecificProblems(report.problems);
          expect(report.written || report.problems.length > 0).toBe(true);
          expect(report.problems).toEqual(answer.body.problems);
        }),
        { numRuns: RUNS },
      ),
    );
    await expectStillServing(bot);
  }, PROPERTY_TIMEOUT);

  it(`answers ${RUNS} generated JSON bodies`, async () => {
    const input = fc.record({ json: caseJsonText(), skipInvalid: fc.boolean() });
    await timed("JSON intake", () =>
      fc.assert(
        fc.asyncProperty(input, async ({ json, skipInvalid }) => {
          const answer = await post(json, "application/json", skipInvalid);
          expectIntakeAnswer(answer);
          let parses = true;
          try {
            JSON.parse(json);
          } catch {
            parses = false;
          }
          if (!parses) expect(answer).toMatchObject({ status: 400, body: { error: "The body is not valid JSON." } });
        }),
        { numRuns: RUNS },
      ),
    );
    await expectStillServing(bot);
  }, PROPERTY_TIMEOUT);
});
