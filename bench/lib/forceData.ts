import seedrandom from "seedrandom";
import { allocationParams, allocationSequence, type Allocation } from "../../src/domain/allocation/index.js";
import { demoWards, type DemoWard } from "../../src/intake/demoWards.js";
import { bulkWriter, type Row } from "./bulkInsert.js";
import type { Provider } from "./databases.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The force's rate (22,421 flagged hate crimes a year). */
const CASES_PER_DAY = 61;
const CHUNK = 5000;
const OFFICERS = 239;

export interface ForceData {
  wards: DemoWard[];
  cases: number;
  allocated: number;
  referrals: number;
  first: Date;
  last: Date;
}

/**
 * A force's history of `cases` flagged hate crimes ending a week before `now`, written straight into the tables in
 * batches of 5,000 cases (see bulkInsert.ts): 79 wards in trial mode, 95% eligible cases randomised by the real engine (permuted blocks,
 * stratified by borough), SRC referrals in every state, contacts, attempts, outcomes (about 85% known, attrition lower
 * with SRC) and a few exclusions. Seeded: the same size always gives the same rows.
 */
export async function writeForceData(provider: Provider, url: string, cases: number, now: Date, seed = "bench-force"): Promise<ForceData> {
  const db = await bulkWriter(provider, url);
  try {
    return await write(db, cases, now, seed);
  } finally {
    await db.close();
  }
}

async function write(db: Awaited<ReturnType<typeof bulkWriter>>, cases: number, now: Date, seed: string): Promise<ForceData> {
  const rng = seedrandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
  const chance = (p: number) => rng() < p;
  const wards = demoWards(seedrandom(`${seed}:wards`), 79);
  await db.insert("Ward", wards.map((w) => ({ code: w.code, name: w.name, borough: w.borough, mode: "trial", enabled: true, createdAt: now, updatedAt: now })));
  const params = allocationParams({ seed: `${seed}:trial` });
  const sequences = new Map<string, Generator<Allocation, void>>();
  const nextArm = (borough: string): Allocation => {
    let sequence = sequences.get(borough);
    if (!sequence) sequences.set(borough, (sequence = allocationSequence(params, borough)));
    const next = sequence.next();
    if (next.done) throw new Error("sequence ended");
    return next.value;
  };
  const officer = (n: number) => ({ claimedBy: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`, claimedByName: `Officer ${n}` });

  const last = new Date(now.getTime() - 7 * DAY);
  const first = new Date(last.getTime() - (cases / CASES_PER_DAY) * DAY);
  let allocated = 0;
  let referrals = 0;
  for (let start = 0; start < cases; start += CHUNK) {
    const size = Math.min(CHUNK, cases - start);
    const rows = Array.from({ length: size }, (_, k) => {
      const i = start + k;
      const ward = pick(wards);
      const reportedAt = new Date(first.getTime() + (i / CASES_PER_DAY) * DAY + rng() * 3 * HOUR);
      const eligible = !chance(0.05);
      return {
        id: i + 1,
        crimeRef: `${String(1_000_000 + i).padStart(7, "0")}/${String(reportedAt.getUTCFullYear() % 100).padStart(2, "0")}`,
        reportedAt,
        wardCode: ward.code,
        recordType: eligible ? ("crime" as const) : ("incident" as const),
        eligible,
        ineligibleReason: eligible ? null : "non-crime hate incident",
        offence: "public order",
        importedAt: new Date(reportedAt.getTime() + (2 + rng() * 18) * HOUR),
        updatedAt: now,
        borough: ward.borough,
      };
    });
    await db.insert("Case", rows.map(({ borough: _b, ...row }) => row));

    const allocations = rows
      .filter((r) => r.eligible)
      .map((r) => {
        const a = nextArm(r.borough);
        const allocatedAt = new Date(r.importedAt.getTime() + rng() * 2 * DAY);
        return { row: r, caseId: r.id, arm: a.arm, allocatedAt, a };
      });
    await db.insert(
      "Allocation",
      allocations.map(({ caseId, arm, allocatedAt, a }) => ({
        id: caseId, caseId, arm, method: "randomised", trialId: 1, stratum: a.stratum, sequenceIndex: a.index, blockNumber: a.blockNumber,
        positionInBlock: a.positionInBlock, blockSize: a.blockSize, algorithmVersion: a.algorithmVersion, allocatedAt, allocatedBy: "bench",
      })),
    );
    allocated += allocations.length;
    await db.insert("Exclusion", allocations.filter(() => chance(0.005)).map(({ caseId, allocatedAt }) => ({ caseId, reason: "victim moved out of area", recordedAt: allocatedAt, recordedBy: "bench" })));

    const src = allocations.filter((x) => x.arm === "SRC");
    const referralRows = src.map(({ row, caseId, allocatedAt }) => {
      const roll = rng();
      // Older referrals are mostly closed; a few recent ones are still open.
      const recent = now.getTime() - allocatedAt.getTime() < 21 * DAY;
      const status = recent
        ? roll < 0.4 ? "posted" : roll < 0.7 ? "claimed" : "completed"
        : roll < 0.8 ? "completed" : roll < 0.86 ? "unable_to_contact" : roll < 0.9 ? "expired" : roll < 0.95 ? "claimed" : "posted";
      const held = status !== "posted" && status !== "expired";
      const claimedAt = held ? new Date(allocatedAt.getTime() + rng() * 8 * HOUR) : null;
      const closedAt = status === "completed" || status === "unable_to_contact" ? new Date(claimedAt!.getTime() + rng() * 4 * DAY) : status === "expired" ? new Date(allocatedAt.getTime() + 30 * DAY) : null;
      return {
        id: caseId,
        caseId,
        wardCode: row.wardCode,
        status: status as "posted" | "claimed" | "completed" | "unable_to_contact" | "expired",
        version: held ? 2 : 1,
        createdAt: allocatedAt,
        updatedAt: closedAt ?? claimedAt ?? allocatedAt,
        claimDueAt: new Date(allocatedAt.getTime() + 8 * HOUR),
        contactDueAt: new Date(allocatedAt.getTime() + 3 * DAY),
        postedAt: allocatedAt,
        ...(held ? officer(1 + Math.floor(rng() * OFFICERS)) : { claimedBy: null, claimedByName: null }),
        claimedAt,
        closedAt,
      };
    });
    await db.insert("Referral", referralRows);
    referrals += referralRows.length;
    await db.insert(
      "Contact",
      referralRows
        .filter((r) => r.status === "completed")
        .map((r) => ({
          referralId: r.id, method: pick(["phone", "in_person", "video"]), contactAt: r.closedAt!, riskAssessment: "completed_now",
          supportReferral: "none", wantsStatement: chance(0.1), recordedBy: r.claimedBy!, recordedAt: r.closedAt!,
        })),
    );
    await db.insert(
      "ContactAttempt",
      referralRows
        .filter((r) => r.status === "unable_to_contact")
        .flatMap((r) => [0, 1, 2].map((d): Row => ({ referralId: r.id, method: "phone", attemptedAt: new Date(r.claimedAt!.getTime() + d * DAY), recordedBy: r.claimedBy!, recordedAt: new Date(r.claimedAt!.getTime() + d * DAY) }))),
    );
    await db.insert(
      "Outcome",
      allocations
        .filter(() => chance(0.85))
        .map(({ caseId, arm, allocatedAt }) => ({
          caseId,
          code: outcomeCode(rng(), arm),
          // Mostly within the 90-day follow-up window; some later (censored).
          outcomeDate: new Date(allocatedAt.getTime() - Math.log(1 - rng()) * 35 * DAY),
          recordedAt: now,
          recordedBy: "bench",
          source: "bench",
        })),
    );
  }
  await db.finish(["Case", "Allocation", "Referral", "ContactAttempt"]);
  return { wards, cases, allocated, referrals, first, last };
}

/** Attrition (14, 16) about 31% without SRC and 22% lower with it; charge (1) 7%; other positive outcomes 5%. */
function outcomeCode(roll: number, arm: "SRC" | "BAU"): string {
  const attrition = arm === "SRC" ? 0.24 : 0.31;
  if (roll < attrition) return roll < attrition * 0.7 ? "16" : "14";
  if (roll < attrition + 0.07) return "1";
  if (roll < attrition + 0.12) return ["2", "3", "8", "9", "10", "22"][Math.floor((roll - attrition - 0.07) / 0.05 * 6)] ?? "22";
  return ["18", "15", "20", "21"][Math.floor(((roll - attrition - 0.12) / (0.88 - attrition)) * 4)] ?? "18";
}
