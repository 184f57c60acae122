import type { Clock } from "../clock.js";
import type { Store } from "../ports.js";
import { normaliseWardCode, type Ward, type WardBinding, type WardMode, type WardServiceLevels } from "./ward.js";
import type { WardImportRow } from "./wardRows.js";
import { DEFAULT_BCU, planWardUnits, unitTree, type UnitProblem, type UnitTree } from "./units.js";
import { unknownWardMessage } from "./suggest.js";

export type ChannelTarget = Pick<WardBinding, "teamId" | "channelId" | "serviceUrl" | "tenantId" | "conversationRef">;

export type WardResult<T = object> = ({ ok: true } & T) | { ok: false; message: string };

export interface WardImportSummary {
  ok: true;
  created: string[];
  updated: string[];
  unchanged: number;
  /** BCUs the import created. */
  newBcus: string[];
  /** Wards moved from one named BCU to another (only with `moveWards`). */
  moved: { code: string; from: string; to: string }[];
}

/** Refused against the stored wards (a BCU variant, a ward changing BCU, a borough split): nothing was written. */
export type WardImportResult = WardImportSummary | { ok: false; problems: UnitProblem[] };

const same = (a: Ward, b: Ward) =>
  a.name === b.name && a.borough === b.borough && a.bcu === b.bcu && a.enabled === b.enabled && a.mode === b.mode;

export class WardService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** The force's BCUs, by name. */
  bcus(): Promise<string[]> {
    return this.store.repos.wards.bcus();
  }

  /** The ward, by its code as typed (any case, spaces around). */
  get(rawCode: string): Promise<Ward | undefined> {
    return this.store.repos.wards.get(normaliseWardCode(rawCode));
  }

  /**
   * All rows in one transaction, or none. A row without a mode keeps the ward's current mode: re-importing never undoes
   * a rollout. BCUs: see planWardUnits (a ward changes BCU only with `moveWards`).
   */
  async importWards(rows: readonly WardImportRow[], actor: string, options: { moveWards?: boolean } = {}): Promise<WardImportResult> {
    return this.store.transaction(async (tx) => {
      const at = this.clock.now();
      const stored = await tx.wards.list();
      const plan = planWardUnits(
        rows.map((r, i) => ({ row: r.row ?? i + 1, code: r.code, borough: r.borough, bcu: r.bcu })),
        stored,
        await tx.wards.bcus(),
        options,
      );
      if (plan.problems.length > 0) return { ok: false, problems: plan.problems };
      const summary: WardImportSummary = { ok: true, created: [], updated: [], unchanged: 0, newBcus: plan.newBcus, moved: plan.moved };
      for (const bcu of plan.newBcus) {
        await tx.wards.addBcu(bcu);
        await tx.events.append({ actor, action: "bcu.created", subjectType: "bcu", subjectId: bcu, details: { name: bcu } }, at);
      }
      const existing = new Map(stored.map((w) => [w.code, w]));
      for (const row of rows) {
        const before = existing.get(row.code);
        const ward: Ward = {
          code: row.code,
          name: row.name,
          borough: row.borough,
          bcu: plan.bcuOf.get(row.code) ?? before?.bcu ?? DEFAULT_BCU,
          enabled: row.enabled ?? before?.enabled ?? true,
          mode: row.mode ?? before?.mode ?? "off",
        };
        if (before && same(before, ward)) {
          summary.unchanged++;
          continue;
        }
        await tx.wards.upsert(ward);
        await tx.events.append(
          { actor, action: before ? "ward.updated" : "ward.created", subjectType: "ward", subjectId: ward.code, details: before ? { before, after: ward } : { ward } },
          at,
        );
        (before ? summary.updated : summary.created).push(ward.code);
      }
      return summary;
    });
  }

  /** Force → BCU → borough → ward, with counts at each level. */
  async units(): Promise<UnitTree> {
    const [wards, bindings, cases] = await Promise.all([this.store.repos.wards.list(), this.store.repos.bindings.list(), this.store.repos.wards.caseCounts()]);
    return unitTree(wards, bindings, cases);
  }

  async list(): Promise<{ ward: Ward; binding: WardBinding | undefined }[]> {
    const [wards, bindings] = await Promise.all([this.store.repos.wards.list(), this.store.repos.bindings.list()]);
    const byWard = new Map(bindings.map((b) => [b.wardCode, b]));
    return wards.map((ward) => ({ ward, binding: byWard.get(ward.code) }));
  }

  async bind(rawCode: string, target: ChannelTarget, actor: string): Promise<WardResult<{ ward: Ward; previousChannelId: string | undefined; unchanged: boolean }>> {
    const code = normaliseWardCode(rawCode);
    return this.store.transaction(async (tx) => {
      const ward = await tx.wards.get(code);
      if (!ward) return { ok: false, message: unknownWardMessage(rawCode, await tx.wards.codes()) };
      const before = await tx.bindings.get(code);
      if (before && before.channelId === target.channelId && before.status === "active") {
        return { ok: true, ward, previousChannelId: before.channelId, unchanged: true };
      }
      const at = this.clock.now();
      await tx.bindings.put({ wardCode: code, ...target, status: "active", boundBy: actor, boundAt: at });
      // Referrals and messages that waited for this ward's channel are delivered now.
      const released = await tx.outbox.releaseWaiting(code, at);
      await tx.events.append(
        { actor, action: "ward.bound", subjectType: "ward", subjectId: code, details: { teamId: target.teamId, channelId: target.channelId, previousChannelId: before?.channelId, released } },
        at,
      );
      return { ok: true, ward, previousChannelId: before?.channelId, unchanged: false };
    });
  }

  async unbind(rawCode: string, actor: string): Promise<WardResult<{ ward: Ward; wasBound: boolean }>> {
    const code = normaliseWardCode(rawCode);
    return this.store.transaction(async (tx) => {
      const ward = await tx.wards.get(code);
      if (!ward) return { ok: false, message: unknownWardMessage(rawCode, await tx.wards.codes()) };
      const before = await tx.bindings.get(code);
      if (!before) return { ok: true, ward, wasBound: false };
      await tx.bindings.remove(code);
      await tx.events.append(
        { actor, action: "ward.unbound", subjectType: "ward", subjectId: code, details: { teamId: before.teamId, channelId: before.channelId } },
        this.clock.now(),
      );
      return { ok: true, ward, wasBound: true };
    });
  }

  async setServiceLevels(rawCode: string, levels: WardServiceLevels, actor: string): Promise<WardResult<{ ward: Ward }>> {
    const code = normaliseWardCode(rawCode);
    return this.store.transaction(async (tx) => {
      const ward = await tx.wards.get(code);
      if (!ward) return { ok: false, message: unknownWardMessage(rawCode, await tx.wards.codes()) };
      const before = await tx.wards.serviceLevels(code);
      await tx.wards.setServiceLevels(code, levels);
      await tx.events.append({ actor, action: "ward.service_levels_changed", subjectType: "ward", subjectId: code, details: { before, after: levels } }, this.clock.now());
      return { ok: true, ward };
    });
  }

  /** Makes a supervisor responsible for a ward: /status shows them its officers, escalations name them. */
  async supervise(rawCode: string, supervisor: string, actor: string, remove = false): Promise<WardResult<{ ward: Ward; changed: boolean }>> {
    const code = normaliseWardCode(rawCode);
    return this.store.transaction(async (tx) => {
      const ward = await tx.wards.get(code);
      if (!ward) return { ok: false, message: unknownWardMessage(rawCode, await tx.wards.codes()) };
      const at = this.clock.now();
      const changed = remove ? await tx.people.removeSupervision(supervisor, code) : await tx.people.setSupervision(supervisor, code, actor, at);
      if (changed) await tx.events.append({ actor, action: remove ? "ward.supervisor_removed" : "ward.supervisor_added", subjectType: "ward", subjectId: code, details: { supervisor } }, at);
      return { ok: true, ward, changed };
    });
  }

  async setMode(rawCode: string, mode: WardMode, actor: string): Promise<WardResult<{ ward: Ward; previous: WardMode }>> {
    const code = normaliseWardCode(rawCode);
    return this.store.transaction(async (tx) => {
      const ward = await tx.wards.get(code);
      if (!ward) return { ok: false, message: unknownWardMessage(rawCode, await tx.wards.codes()) };
      if (ward.mode === mode) return { ok: true, ward, previous: mode };
      await tx.wards.setMode(code, mode);
      await tx.events.append({ actor, action: "ward.mode_changed", subjectType: "ward", subjectId: code, details: { from: ward.mode, to: mode } }, this.clock.now());
      return { ok: true, ward: { ...ward, mode }, previous: ward.mode };
    });
  }
}
