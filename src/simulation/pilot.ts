import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import type pino from "pino";
import seedrandom from "seedrandom";
import { loadConfig, type Config } from "../config/env.js";
import { FixedClock } from "../domain/clock.js";
import { ALGORITHM_VERSION } from "../domain/allocation/algorithmVersions.js";
import { EMPTY_CHAIN } from "../domain/allocation/allocationChain.js";
import { TRIAL_ID, type TrialRecord } from "../domain/allocation/trial.js";
import { periodFromBounds } from "../domain/trialStats/period.js";
import type { TrialReport } from "../domain/trialStats/types.js";
import { LONDON, createWorkingCalendar, type WorkingCalendar } from "../domain/workingTime/index.js";
import { demoWards, type DemoWard } from "../intake/demoWards.js";
import { createLogger } from "../log.js";
import type { RunningServer } from "../server/server.js";
import { deployMigrations } from "../store/migrations.js";
import { openStore, type PrismaStore } from "../store/prismaStore.js";
import type { AppContext } from "../services.js";
import type { OutboxWorker } from "../teams/outbox/outboxWorker.js";
import { CardClicks, SimulationError, actionData, type CardJson, type CardPlacement } from "./cardClicks.js";
import { FakeConnector } from "./fakeConnector.js";
import {
  ATTEMPT_OFFSETS_MS,
  attritionRisk,
  checkParameters,
  drawFate,
  drawOfficerPlan,
  drawOutcome,
  type OfficerPlan,
  type PilotParameters,
  type ReferralFate,
} from "./pilotModel.js";
import { simulatedForce, type SimWard, type SimulatedForce } from "./simulatedForce.js";
import { casesCsv, syntheticCases, type SyntheticCase } from "./syntheticCases.js";
import { ActivityFactory } from "./teamsActivities.js";
import { Timeline } from "./timeline.js";
import { assembleBot } from "../assemble.js";

export interface PilotOptions extends PilotParameters {
  seed: string;
}

export interface PilotObservers {
  /** Where the bot's logs go (pino), e.g. to scan them; without it the run logs nothing. */
  logDestination?: pino.DestinationStream;
  logLevel?: Config["logLevel"];
  /** The fake Teams the cards are posted to; pass one to read what the bot sent. Started and stopped by the run. */
  connector?: FakeConnector;
  /** Hears the bot's every direct answer to an activity: the card a click returns to the officer who clicked. */
  onAnswer?: (body: unknown) => void;
}

/** What the simulated world did, counted by the simulation itself: the report must agree. */
export interface PilotWorld {
  cases: number;
  eligible: number;
  randomised: { SRC: number; BAU: number };
  referrals: Record<ReferralFate, number>;
  attrition: { SRC: number; BAU: number };
}

export interface PilotRun {
  options: PilotOptions;
  world: PilotWorld;
  /** The report /stats and `reassure stats` show, for the whole trial, at the end of the run. */
  report: TrialReport;
  /** Simulated time at the end (the report's "now"). */
  endedAt: Date;
}

/** The pilot started on Monday 3 October 2022. */
const PILOT_START = DateTime.fromISO("2022-10-03", { zone: LONDON });
/** Every outcome falls within 75 days of allocation: a run that goes on far longer is stuck. */
const MAX_DAYS = 400;
const SIM_ACTOR = "simulation";
const HOUR = 3_600_000;
// Teams' limits are per second of real time; a simulated day is delivered in milliseconds, so the gateway is told a
// simulated day's traffic (a few dozen calls) is never throttled. The gateway's own tests cover the limits.
const UNTHROTTLED = { limits: { perConversation: [{ limit: 100_000, windowMs: 1000 }], perTenant: [{ limit: 100_000, windowMs: 1000 }] }, retry: { baseDelayMs: 5, maxDelayMs: 20 } };

/**
 * Runs a whole synthetic trial through the real code: a fresh SQLite database, the restify server, Bot Framework
 * adapter and Teams application, the outbox worker and the gateway, against a loopback fake of Teams. The HCOP imports
 * the CMS export and sends /allocate each working morning; officers claim, attempt and complete referrals by clicking
 * the cards they were posted; outcomes arrive weekly. The clock is simulated, every random draw is seeded: one seed,
 * one report. The model behind the draws is described in pilotModel.ts.
 */
export async function simulatePilot(options: PilotOptions, observers: PilotObservers = {}): Promise<PilotRun> {
  checkParameters(options);
  const dir = mkdtempSync(join(tmpdir(), "reassure-simulation-"));
  const connector = observers.connector ?? new FakeConnector();
  let store: PrismaStore | undefined;
  let server: RunningServer | undefined;
  try {
    const databaseUrl = `file:${join(dir, "pilot.db")}`;
    await deployMigrations(databaseUrl);
    store = await openStore(databaseUrl);
    // A throw-away database: no need to wait for the disk at every commit (the default waits, for durability).
    await store.db.$queryRawUnsafe("PRAGMA synchronous = OFF");
    const { wards, cases } = pilotInputs(options);
    const force = simulatedForce(wards);
    const config = loadConfig({
      DATABASE_URL: databaseUrl,
      BOOTSTRAP_ADMINS: force.admin.aadObjectId,
      LOG_LEVEL: observers.logDestination ? (observers.logLevel ?? "info") : "silent",
      // Stored so that the run shows the strands are kept out of every post and log.
      STORE_STRANDS: "true",
    });
    const clock = new FixedClock(PILOT_START.set({ hour: 7 }).toJSDate());
    await connector.start();
    const assembled = await assembleBot(config, store, createLogger(config.logLevel, observers.logDestination), { clock, bot: { gateway: UNTHROTTLED } });
    const { deps, worker } = assembled;
    server = assembled.server;
    const serverUrl = server.url;
    const post = async (activity: object) => {
      const response = await fetch(`${serverUrl}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
      const text = await response.text();
      const body = text ? (JSON.parse(text) as unknown) : undefined;
      if (body !== undefined) observers.onAnswer?.(body);
      return { status: response.status, body };
    };
    const pilot = new Pilot(options, deps, worker, connector, observers.connector !== undefined, clock, force, cases, post);
    await pilot.setUp();
    await pilot.run();
    const endedAt = clock.now();
    const loaded = await deps.reports.trialFor(periodFromBounds(undefined, undefined, config.timeZone), { kind: "all" }, endedAt);
    if (!loaded.ok) throw new SimulationError(loaded.message);
    pilot.checkAgainst(loaded.report);
    return { options, world: pilot.world, report: loaded.report, endedAt };
  } finally {
    await server?.close(1000);
    await store?.close();
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The wards (generateDemoData's 79 in four boroughs, all in trial mode) and the cases a run receives. */
export function pilotInputs(options: Pick<PilotOptions, "seed" | "cases">): { wards: DemoWard[]; cases: SyntheticCase[] } {
  const wards = demoWards(seedrandom(`${options.seed}:wards`), 79);
  return { wards, cases: syntheticCases(options.seed, wards, options.cases, PILOT_START.toJSDate()) };
}

type Post = (activity: object) => Promise<{ status: number; body: unknown }>;

interface DueOutcome {
  crimeRef: string;
  code: string;
  /** Midnight (London) of the day the case closed. */
  date: DateTime;
}

class Pilot {
  readonly world: PilotWorld;
  private readonly activities: ActivityFactory;
  private readonly clicks: CardClicks;
  private readonly calendar: WorkingCalendar;
  private readonly timeline = new Timeline();
  private readonly wardByCode: Map<string, SimWard>;
  private readonly outcomes: DueOutcome[] = [];
  /** Cards posted so far, by referral id; `seenPosts` is how far the connector's posts have been read. */
  private readonly posted = new Map<number, { card: CardJson; placement: CardPlacement }>();
  private seenPosts = 0;
  private nextCase = 0;
  /** Something for the outbox since its last round. */
  private officersActed = false;

  constructor(
    private readonly options: PilotOptions,
    private readonly deps: AppContext,
    private readonly worker: OutboxWorker,
    private readonly connector: FakeConnector,
    private readonly keepTraffic: boolean,
    private readonly clock: FixedClock,
    private readonly force: SimulatedForce,
    private readonly cases: readonly SyntheticCase[],
    private readonly post: Post,
  ) {
    this.activities = new ActivityFactory({ serviceUrl: connector.url, now: () => clock.now() });
    this.clicks = new CardClicks(post, this.activities);
    this.calendar = createWorkingCalendar({ zone: deps.config.timeZone, ...deps.config.workingHours });
    this.wardByCode = new Map(force.wards.map((w) => [w.code, w]));
    this.world = {
      cases: cases.length,
      eligible: cases.filter((c) => c.eligible).length,
      randomised: { SRC: 0, BAU: 0 },
      referrals: { delivered: 0, unableToContact: 0, unclaimed: 0 },
      attrition: { SRC: 0, BAU: 0 },
    };
  }

  /** The admin loads the wards, adds the bot to each borough's team, binds every ward's channel and grants the roles. */
  async setUp(): Promise<void> {
    const { admin, hcop, teams, wards } = this.force;
    await this.deps.wards.importWards(wards.map((w) => ({ code: w.code, name: w.name, borough: w.borough, mode: w.mode, enabled: true })), admin.aadObjectId);
    for (const team of teams) await this.send(this.activities.botAddedToTeam(admin, team));
    for (const ward of wards) await this.send(this.activities.channelMention(admin, ward.team, ward.channel, `/ward bind ${ward.code}`));
    await this.send(this.activities.personalMessage(admin, `/role grant ${hcop.aadObjectId} hcop`));
    for (const officer of wards.flatMap((w) => w.officers)) await this.send(this.activities.personalMessage(admin, `/role grant ${officer.aadObjectId} officer`));
    await this.startTrial();
  }

  /**
   * The trial's secret seed, derived from the run's seed instead of drawn at random as AllocationService does, so
   * that one seed gives one allocation list. Everything else is as the service would record it.
   */
  private async startTrial(): Promise<void> {
    const rng = seedrandom(`${this.options.seed}:trial`);
    const seed = Array.from({ length: 8 }, () => (rng.int32() >>> 0).toString(16).padStart(8, "0")).join("");
    const { trial: settings } = this.deps.config;
    const trial: TrialRecord = {
      id: TRIAL_ID,
      algorithmVersion: ALGORITHM_VERSION,
      seed,
      ratio: settings.ratio,
      blockSizes: settings.blockSizes,
      stratifyBy: settings.stratifyBy,
      listHash: EMPTY_CHAIN,
      allocatedCount: 0,
      startedAt: this.clock.now(),
      startedBy: this.force.hcop.aadObjectId,
    };
    await this.deps.store.transaction(async (tx) => {
      await tx.trials.create(trial);
      await tx.events.append({ actor: trial.startedBy, action: "trial.started", subjectType: "trial", subjectId: String(TRIAL_ID), details: { algorithmVersion: trial.algorithmVersion, ratio: trial.ratio, stratifyBy: trial.stratifyBy } }, trial.startedAt);
    });
  }

  /** Day by day: the morning's routine, then whatever officers do that day, until every case has its outcome. */
  async run(): Promise<void> {
    for (let d = 0; ; d++) {
      if (d > MAX_DAYS) throw new SimulationError(`the simulation did not finish within ${MAX_DAYS} days`);
      const day = PILOT_START.plus({ days: d });
      if (day.weekday === 1) this.timeline.at(day.set({ hour: 7 }).toJSDate(), () => this.importOutcomes());
      if (this.nextCase < this.cases.length && this.calendar.isWorkingDay(day.set({ hour: 12 }).toJSDate())) {
        this.timeline.at(day.set({ hour: 8, minute: 30 }).toJSDate(), () => this.importCases());
        this.timeline.at(day.set({ hour: 9 }).toJSDate(), () => this.allocate());
      }
      // The day's card edits and notices; the worker would deliver them within seconds, a daily round suffices here.
      this.timeline.at(day.set({ hour: 18 }).toJSDate(), () => this.deliverOutbox());
      const end = day.plus({ days: 1 }).toJSDate();
      for (let event = this.timeline.takeBefore(end); event; event = this.timeline.takeBefore(end)) {
        this.clock.set(event.at);
        await event.run();
      }
      if (this.nextCase === this.cases.length && this.timeline.size === 0 && this.outcomes.length === 0) {
        this.clock.set(day.plus({ days: 1 }).set({ hour: 9 }).toJSDate());
        return;
      }
    }
  }

  private async deliverOutbox(): Promise<void> {
    if (!this.officersActed) return;
    this.officersActed = false;
    await this.worker.drain();
  }

  /** The CMS export of the cases flagged since the last one. */
  private async importCases(): Promise<void> {
    const now = this.clock.now().getTime();
    const first = this.nextCase;
    while (this.nextCase < this.cases.length && this.cases[this.nextCase]!.reportedAt.getTime() <= now) this.nextCase++;
    if (this.nextCase === first) return;
    const report = await this.deps.intake.importCsv([casesCsv(this.cases.slice(first, this.nextCase))], { actor: SIM_ACTOR, skipInvalid: false, source: "simulation" });
    if (!report.written) throw new SimulationError(`the intake refused the simulated export (${report.problems.length} problem(s))`);
  }

  /** The HCOP's morning /allocate; SRC cards are posted, and the world decides what becomes of each case. */
  private async allocate(): Promise<void> {
    const at = this.clock.now();
    await this.send(this.activities.personalMessage(this.force.hcop, "/allocate"));
    await this.worker.drain();
    this.readPostedCards();
    const window = { allocatedFrom: at, allocatedTo: new Date(at.getTime() + 1) };
    const allocated = await this.deps.store.repos.reporting.trialFacts(window);
    const referrals = await this.deps.store.repos.reporting.referralFacts({ from: window.allocatedFrom, to: window.allocatedTo });
    const referralOf = new Map(referrals.map((r) => [r.crimeRef, r.referralId]));
    for (const fact of [...allocated].sort((a, b) => a.caseId - b.caseId)) {
      // The case's own stream: its fate does not depend on which other cases were allocated with it.
      const rng = seedrandom(`${this.options.seed}:case:${fact.crimeRef}`);
      this.world.randomised[fact.arm]++;
      let delivered = false;
      if (fact.arm === "SRC") {
        const fate = drawFate(rng, this.options.delivery);
        const plan = drawOfficerPlan(rng, this.wardOf(fact.wardCode).officers.length);
        this.world.referrals[fate]++;
        delivered = fate === "delivered";
        this.planOfficer(fate, plan, this.postedCard(referralOf.get(fact.crimeRef), fact.crimeRef), this.wardOf(fact.wardCode));
      }
      const outcome = drawOutcome(rng, attritionRisk(this.options, fact.arm, delivered));
      if (this.deps.config.outcomes.attritionCodes.includes(outcome.code)) this.world.attrition[fact.arm]++;
      this.outcomes.push({ crimeRef: fact.crimeRef, code: outcome.code, date: DateTime.fromJSDate(at, { zone: LONDON }).startOf("day").plus({ days: outcome.afterDays }) });
    }
  }

  private planOfficer(fate: ReferralFate, plan: OfficerPlan, posted: { card: CardJson; placement: CardPlacement }, ward: SimWard): void {
    if (fate === "unclaimed") return;
    const officer = ward.officers[plan.officerIndex]!;
    const start = this.clock.now().getTime();
    const at = (ms: number) => new Date(start + ms);
    let card = posted.card;
    const click = async (verb: string, inputs?: Record<string, string>) => {
      card = await this.clicks.click(officer, posted.placement, card, verb, inputs);
      this.officersActed = true;
    };
    this.timeline.at(at(plan.claimAfterMs), () => click("claim"));
    if (fate === "delivered") {
      this.timeline.at(at(plan.completeAfterMs), async () => {
        await click("completeForm");
        await click("complete", {
          method: plan.method,
          ...this.localNow("contact"),
          riskAssessment: "completed_now",
          supportReferral: "victim_support",
          wantsStatement: plan.wantsStatement ? "yes" : "no",
        });
      });
      return;
    }
    for (const offset of ATTEMPT_OFFSETS_MS) {
      this.timeline.at(at(plan.claimAfterMs + offset), async () => {
        await click("attemptForm");
        await click("attempt", { method: plan.method, ...this.localNow("attempt") });
      });
    }
    this.timeline.at(at(plan.claimAfterMs + ATTEMPT_OFFSETS_MS[2] + 0.1 * HOUR), () => click("unable"));
  }

  /** A form's date and time inputs, prefilled with now as the card prefills them. */
  private localNow(prefix: "contact" | "attempt"): Record<string, string> {
    const now = DateTime.fromJSDate(this.clock.now(), { zone: this.deps.config.timeZone });
    return { [`${prefix}Date`]: now.toFormat("yyyy-MM-dd"), [`${prefix}Time`]: now.toFormat("HH:mm") };
  }

  /** The CMS's weekly export of the outcomes recorded since the last one. */
  private async importOutcomes(): Promise<void> {
    const today = DateTime.fromJSDate(this.clock.now(), { zone: LONDON });
    const due = this.outcomes.filter((o) => o.date <= today);
    if (due.length === 0) return;
    const csv = ["crime_ref,outcome_code,outcome_date", ...due.map((o) => `${o.crimeRef},${o.code},${o.date.toFormat("yyyy-MM-dd")}`)].join("\n") + "\n";
    const report = await this.deps.outcomes.importCsv([csv], { actor: SIM_ACTOR, source: "simulation", skipInvalid: false });
    if (!report.written || report.recorded !== due.length) throw new SimulationError(`the outcome import refused the simulated export (${report.problems.length} problem(s))`);
    const recorded = new Set(due);
    this.outcomes.splice(0, this.outcomes.length, ...this.outcomes.filter((o) => !recorded.has(o)));
  }

  private readPostedCards(): void {
    const posts = this.connector.posts();
    for (const p of posts.slice(this.seenPosts)) {
      const referralId = actionData(p.card, "claim")?.referralId;
      const ward = this.force.wards.find((w) => w.channel.id === p.channelId);
      if (typeof referralId !== "number" || !ward) throw new SimulationError(`a card was posted to ${p.channelId} without a Claim button`);
      this.posted.set(referralId, { card: p.card as CardJson, placement: { team: ward.team, channelId: p.channelId, activityId: p.activityId } });
    }
    this.seenPosts = posts.length;
    // Nobody else reads this connector: forget what it recorded rather than hold a long run's traffic in memory.
    if (!this.keepTraffic) {
      this.connector.clear();
      this.seenPosts = 0;
    }
  }

  private postedCard(referralId: number | undefined, crimeRef: string): { card: CardJson; placement: CardPlacement } {
    const posted = referralId === undefined ? undefined : this.posted.get(referralId);
    if (!posted) throw new SimulationError(`no card was posted for the SRC case ${crimeRef}`);
    return posted;
  }

  private wardOf(code: string): SimWard {
    const ward = this.wardByCode.get(code);
    if (!ward) throw new SimulationError(`unknown ward ${code}`);
    return ward;
  }

  private async send(activity: object): Promise<void> {
    const { status } = await this.post(activity);
    if (status !== 200 && status !== 201) throw new SimulationError(`the bot answered ${status} to a ${(activity as { type?: string }).type ?? "message"}`);
  }

  /** The report must count what the simulated world did: otherwise the wiring between them is broken. */
  checkAgainst(report: TrialReport): void {
    const { flow } = report;
    const expected: [string, number, number][] = [
      ["assessed", flow.assessed, this.world.cases],
      ["randomised", flow.randomised, this.world.eligible],
      ["SRC", flow.src.allocated, this.world.randomised.SRC],
      ["BAU", flow.bau.allocated, this.world.randomised.BAU],
      ["delivered", flow.src.delivered, this.world.referrals.delivered],
      ["unable to contact", flow.src.notDelivered.unableToContact, this.world.referrals.unableToContact],
      ["unclaimed", flow.src.notDelivered.unclaimed, this.world.referrals.unclaimed],
      ["SRC attrition", report.outcomes.attrition.src.events, this.world.attrition.SRC],
      ["BAU attrition", report.outcomes.attrition.bau.events, this.world.attrition.BAU],
    ];
    const wrong = expected.filter(([, reported, simulated]) => reported !== simulated);
    if (wrong.length > 0) throw new SimulationError(`the report disagrees with the simulation: ${wrong.map(([what, r, s]) => `${what} ${r}, simulated ${s}`).join("; ")}`);
  }
}
