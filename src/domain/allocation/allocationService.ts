import type { Clock } from "../clock.js";
import type { EventInput } from "../events.js";
import type { Repositories, Store } from "../ports.js";
import type { AllocationRecord, PendingCase } from "../cases/case.js";
import { ALGORITHM_VERSION } from "./algorithmVersions.js";
import { allocationSequence } from "./sequence.js";
import { generateTrialSeed } from "./seed.js";
import { verifyAllocations } from "./verify.js";
import { EMPTY_CHAIN, chainAllocations } from "./allocationChain.js";
import { TRIAL_ID, stratumOf, trialParams, type StratifyBy, type TrialRecord } from "./trial.js";
import type { AllocationRatio, Arm } from "./types.js";
import type { ServiceLevels } from "../referrals/serviceLevels.js";

export interface TrialSettings {
  ratio: AllocationRatio;
  blockSizes: number[];
  stratifyBy: StratifyBy;
}

export interface AllocatedCase {
  crimeRef: string;
  wardCode: string;
  borough: string;
  arm: Arm;
  method: "randomised" | "rollout";
}

export interface NotAllocated {
  crimeRef: string;
  wardCode: string;
  reason: string;
}

export interface AllocationReport {
  allocated: AllocatedCase[];
  notAllocated: NotAllocated[];
  /** References asked for that were allocated before: an allocation is never redone. */
  alreadyAllocated: string[];
  /** References asked for that Reassure has never received. */
  unknown: string[];
}

export interface VerifyReport {
  ok: boolean;
  allocations: number;
  problems: string[];
}

const BATCH = 500;

/** Why an eligible-looking case cannot be allocated now, or undefined if it can. */
function blocker(c: PendingCase): string | undefined {
  if (!c.eligible) return c.ineligibleReason ?? "not eligible";
  if (!c.wardEnabled) return `ward ${c.wardCode} is disabled`;
  if (c.wardMode === "off") return `ward ${c.wardCode} is off: switch it to trial or rollout (/ward mode ${c.wardCode} trial)`;
  return undefined;
}

/**
 * Allocates cases: randomised to SRC or BAU in wards in trial mode, referred to SRC without randomisation in wards in
 * rollout mode. Each batch is one transaction that first locks the trial row, so two allocation runs (two HCOPs, or two
 * bot instances) take turns: every case is allocated once and every stratum's sequence is consumed without gaps.
 * Nothing shows what comes next: the seed and block sizes never leave the database.
 */
export class AllocationService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly settings: TrialSettings,
    private readonly serviceLevels: ServiceLevels,
  ) {}

  /**
   * Why an HCOP of `units` may not act on these cases (allocate them, record their outcomes): some are of wards in
   * other BCUs. Checked first, so a request naming another BCU's case changes nothing.
   */
  async outsideUnits(crimeRefs: readonly string[], units: "force" | ReadonlySet<string>): Promise<string | undefined> {
    if (units === "force") return undefined;
    const outside = [...(await this.store.repos.cases.unitsOf(crimeRefs))].filter(([, bcu]) => !units.has(bcu));
    if (outside.length === 0) return undefined;
    const named = outside.map(([ref, bcu]) => `${ref} (${bcu})`).join(", ");
    return `${named} ${outside.length === 1 ? "is" : "are"} outside the BCUs you are HCOP for (${[...units].sort().join(", ")}). Nothing was changed.`;
  }

  /** Allocates every eligible, unallocated case, or those of `crimeRefs`; with `bcus`, only cases of wards in those BCUs. */
  async allocate(request: { crimeRefs?: readonly string[]; actor: string; bcus?: readonly string[] }): Promise<AllocationReport> {
    const report: AllocationReport = { allocated: [], notAllocated: [], alreadyAllocated: [], unknown: [] };
    const refs = request.crimeRefs ? [...new Set(request.crimeRefs.map((r) => r.trim()))] : undefined;
    const { bcus } = request;
    await this.ensureTrial(request.actor);
    let afterId: number | undefined;
    for (;;) {
      const more = await this.store.transaction(async (tx) => {
        const trial = await tx.trials.lock(TRIAL_ID);
        if (!trial) throw new Error("the trial record disappeared");
        const pending = await tx.cases.pending({ crimeRefs: refs, limit: BATCH, afterId, ...(bcus && { bcus }) });
        if (pending.length === 0) return false;
        afterId = pending.at(-1)!.id;
        await this.allocateBatch(tx, trial, pending, request.actor, report);
        return pending.length === BATCH;
      });
      if (!more) break;
    }
    if (refs) {
      const known = await this.store.repos.cases.idsByRefs(refs);
      const handled = new Set([...report.allocated.map((a) => a.crimeRef), ...report.notAllocated.map((n) => n.crimeRef)]);
      report.unknown = refs.filter((r) => !known.has(r));
      report.alreadyAllocated = refs.filter((r) => known.has(r) && !handled.has(r));
    }
    return report;
  }

  private async allocateBatch(tx: Repositories, trial: TrialRecord, pending: PendingCase[], actor: string, report: AllocationReport): Promise<void> {
    const at = this.clock.now();
    const records: AllocationRecord[] = [];
    const byStratum = new Map<string, PendingCase[]>();
    const base = { allocatedAt: at, allocatedBy: actor };
    for (const c of pending) {
      const reason = blocker(c);
      if (reason) {
        report.notAllocated.push({ crimeRef: c.crimeRef, wardCode: c.wardCode, reason });
      } else if (c.wardMode === "rollout") {
        records.push({ ...base, caseId: c.id, arm: "SRC", method: "rollout", trialId: undefined, stratum: undefined, sequenceIndex: undefined, blockNumber: undefined, positionInBlock: undefined, blockSize: undefined, algorithmVersion: undefined });
      } else {
        const stratum = stratumOf(trial.stratifyBy, { code: c.wardCode, borough: c.borough });
        const cases = byStratum.get(stratum);
        if (cases) cases.push(c);
        else byStratum.set(stratum, [c]);
      }
    }
    const params = trialParams(trial);
    const randomised: AllocationRecord[] = [];
    for (const stratum of [...byStratum.keys()].sort()) {
      const cases = byStratum.get(stratum)!;
      const start = await tx.trials.reserve(trial.id, stratum, cases.length);
      const sequence = allocationSequence(params, stratum, start);
      for (const c of cases) {
        const next = sequence.next();
        if (next.done) throw new Error(`allocation sequence of ${stratum} ended`);
        const a = next.value;
        randomised.push({ ...base, caseId: c.id, arm: a.arm, method: "randomised", trialId: trial.id, stratum, sequenceIndex: a.index, blockNumber: a.blockNumber, positionInBlock: a.positionInBlock, blockSize: a.blockSize, algorithmVersion: a.algorithmVersion });
      }
    }
    records.push(...randomised);
    if (records.length === 0) return;
    await tx.allocations.createMany(records);
    if (randomised.length > 0) {
      const link = chainAllocations(trial.listHash, randomised.map((r) => ({ algorithmVersion: r.algorithmVersion!, stratum: r.stratum!, index: r.sequenceIndex!, arm: r.arm, blockNumber: r.blockNumber!, positionInBlock: r.positionInBlock! })));
      await tx.trials.advanceChain(trial.id, link, randomised.length);
    }
    const caseById = new Map(pending.map((c) => [c.id, c]));
    // Every SRC case is referred to its ward team; the card is posted by the outbox worker once this commits.
    const referred = records
      .filter((r) => r.arm === "SRC")
      .map((r) => {
        const c = caseById.get(r.caseId)!;
        return { caseId: r.caseId, wardCode: c.wardCode, ...this.serviceLevels.dueTimes(at, { claimHours: c.wardClaimHours, contactDays: c.wardContactDays }) };
      });
    const referralIds = await tx.referrals.createToPost(referred, at);
    await tx.outbox.enqueueMany(referralIds.map((referralId, i) => ({ message: { kind: "post_referral", referralId }, wardCode: referred[i]!.wardCode })), at);
    const events: EventInput[] = records.map((r) => ({ actor, action: "case.allocated", subjectType: "case", subjectId: caseById.get(r.caseId)!.crimeRef, details: { arm: r.arm, method: r.method } }));
    await tx.events.appendMany(events, at);
    for (const r of records) {
      const c = caseById.get(r.caseId)!;
      report.allocated.push({ crimeRef: c.crimeRef, wardCode: c.wardCode, borough: c.borough, arm: r.arm, method: r.method });
    }
  }

  /** The trial starts at the first allocation, with a fresh secret seed and the configured settings. */
  private async ensureTrial(actor: string): Promise<void> {
    if (await this.store.repos.trials.get(TRIAL_ID)) return;
    const trial: TrialRecord = {
      id: TRIAL_ID,
      algorithmVersion: ALGORITHM_VERSION,
      seed: generateTrialSeed(),
      ratio: this.settings.ratio,
      blockSizes: this.settings.blockSizes,
      stratifyBy: this.settings.stratifyBy,
      listHash: EMPTY_CHAIN,
      allocatedCount: 0,
      startedAt: this.clock.now(),
      startedBy: actor,
    };
    try {
      await this.store.transaction(async (tx) => {
        await tx.trials.create(trial);
        await tx.events.append({ actor, action: "trial.started", subjectType: "trial", subjectId: String(TRIAL_ID), details: { algorithmVersion: trial.algorithmVersion, ratio: trial.ratio, stratifyBy: trial.stratifyBy } }, trial.startedAt);
      });
    } catch (error) {
      // Another instance started it at the same moment: use theirs.
      if (!(await this.store.repos.trials.get(TRIAL_ID))) throw error;
    }
  }

  /** Regenerates every stratum's sequence from the stored seed and checks each allocation, the counts and the chain. */
  async verify(): Promise<VerifyReport> {
    const trial = await this.store.repos.trials.get(TRIAL_ID);
    if (!trial) return { ok: true, allocations: 0, problems: [] };
    const recorded = await this.store.repos.allocations.randomised(trial.id);
    const problems: string[] = [];
    const result = verifyAllocations(trialParams(trial), recorded);
    const idOf = new Map(recorded.map((r) => [`${r.stratum}#${r.index}`, r.id]));
    for (const m of result.mismatches) {
      const id = idOf.get(`${m.stratum}#${m.index}`);
      problems.push(`${m.stratum} index ${m.index}${id ? ` (allocation id ${id})` : ""}: ${m.field} is ${m.recorded ?? "missing"}, expected ${m.expected ?? "none"}`);
    }
    const perStratum = new Map<string, number>();
    for (const r of recorded) perStratum.set(r.stratum, (perStratum.get(r.stratum) ?? 0) + 1);
    for (const [stratum, next] of await this.store.repos.trials.strataCounts(trial.id)) {
      const count = perStratum.get(stratum) ?? 0;
      if (count !== next) problems.push(`${stratum}: ${count} allocations recorded but the sequence was consumed to ${next}`);
    }
    const chain = chainAllocations(EMPTY_CHAIN, recorded);
    if (chain !== trial.listHash) problems.push(`the list hash does not match the recorded allocations (stored ${trial.listHash.slice(0, 12)}…, recomputed ${chain.slice(0, 12)}…)`);
    if (recorded.length !== trial.allocatedCount) problems.push(`${recorded.length} randomised allocations recorded, the trial counted ${trial.allocatedCount}`);
    return { ok: problems.length === 0, allocations: recorded.length, problems };
  }

  /** Records an exclusion; after randomisation the case stays in the intention-to-treat denominator. */
  async exclude(crimeRef: string, reason: string, actor: string): Promise<"excluded" | "already-excluded" | "excluded-before-randomisation" | "unknown"> {
    return this.store.transaction(async (tx) => {
      const [c] = await tx.cases.findByRefs([crimeRef]);
      if (!c) return "unknown";
      const at = this.clock.now();
      if (!c.allocated) {
        await tx.cases.update(c.id, { eligible: false, ineligibleReason: `excluded: ${reason}` }, at);
        await tx.events.append({ actor, action: "case.excluded_before_allocation", subjectType: "case", subjectId: crimeRef, details: { reason } }, at);
        return "excluded-before-randomisation";
      }
      if (!(await tx.allocations.excludeAfterRandomisation(c.id, reason, actor, at))) return "already-excluded";
      await tx.events.append({ actor, action: "case.excluded_after_allocation", subjectType: "case", subjectId: crimeRef, details: { reason } }, at);
      return "excluded";
    });
  }
}
