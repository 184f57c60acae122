import type { Clock } from "../clock.js";
import { BULK_TRANSACTION_TIMEOUT_MS, type PersonRecord, type Store } from "../ports.js";
import { SCOPED_ROLES, type Role, type RoleHolding } from "./roles.js";

export type GrantOutcome = "granted" | "already-held";

/** One role for one person, as an administrator's file or command gives it; `bcu` holds it for that BCU only. */
export interface RoleGrant {
  aadObjectId: string;
  role: Role;
  bcu?: string | undefined;
  displayName?: string | undefined;
}

/** Why a role cannot be held where asked (a BCU for a force-wide role, an unknown BCU); undefined when it can. */
export type ScopeCheck = (holding: RoleHolding) => Promise<string | undefined>;
export type RevokeOutcome = "revoked" | "not-held" | "bootstrap-admin";

function scopeProblem(holding: RoleHolding, knownBcus: readonly string[]): string | undefined {
  if (holding.bcu === undefined) return undefined;
  if (!SCOPED_ROLES.includes(holding.role)) return `The ${holding.role} role is force-wide: only ${SCOPED_ROLES.join(" and ")} roles are held for one BCU.`;
  if (!knownBcus.includes(holding.bcu)) return `There is no BCU called "${holding.bcu}". Known BCUs: ${knownBcus.join(", ") || "none (import wards first)"}.`;
  return undefined;
}

/** Roles are stored per person; bootstrap admins (from configuration) are admins whatever the database says. */
export class RoleService {
  private readonly bootstrap: ReadonlySet<string>;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    bootstrapAdmins: readonly string[],
  ) {
    this.bootstrap = new Set(bootstrapAdmins.map((id) => id.toLowerCase()));
  }

  /** The Teams ids of everyone holding one of `roles` (force-wide or for `bcu`) and of `people`: who gets their own view of a referral card. */
  teamsIdsOf(roles: readonly Role[], people: readonly string[] = [], bcu?: string): Promise<string[]> {
    return this.store.repos.people.teamsIdsOf(roles, people, bcu);
  }

  withRole(role: Role): Promise<PersonRecord[]> {
    return this.store.repos.people.withRole(role);
  }

  /** The ward codes a supervisor oversees. */
  supervisedWards(aadObjectId: string): Promise<string[]> {
    return this.store.repos.people.supervisedWards(aadObjectId);
  }

  isBootstrapAdmin(aadObjectId: string): boolean {
    return this.bootstrap.has(aadObjectId.toLowerCase());
  }

  async rolesOf(aadObjectId: string | undefined): Promise<Set<Role>> {
    if (!aadObjectId) return new Set();
    const roles = new Set(await this.store.repos.people.rolesOf(aadObjectId.toLowerCase()));
    if (this.isBootstrapAdmin(aadObjectId)) roles.add("admin");
    return roles;
  }

  /**
   * Why `holding` cannot be granted: only HCOPs and inspectors are held for one BCU (admins are force-wide; supervisors
   * are scoped by the wards they supervise), and the BCU must be one of the force's. Undefined: it can.
   */
  async scopeRefusal(holding: RoleHolding): Promise<string | undefined> {
    return scopeProblem(holding, holding.bcu === undefined ? [] : await this.store.repos.wards.bcus());
  }

  /**
   * The roles of whoever sent an activity, read once for the activity; for a role holder, their Teams id and name are
   * kept current on the way (so cards can give them their own view). One read; a write only when something changed.
   */
  async identify(sender: { aadObjectId: string | undefined; teamsUserId: string; displayName: string }): Promise<{ roles: Set<Role>; holdings: RoleHolding[] }> {
    const aadObjectId = sender.aadObjectId?.toLowerCase();
    if (!aadObjectId) return { roles: new Set(), holdings: [] };
    const known = await this.store.repos.people.get(aadObjectId);
    const holdings = [...(known?.holdings ?? [])];
    if (this.isBootstrapAdmin(aadObjectId) && !holdings.some((h) => h.role === "admin")) holdings.push({ role: "admin", bcu: undefined });
    const current = known?.teamsUserId === sender.teamsUserId && known.displayName === sender.displayName;
    if (holdings.length > 0 && !current) {
      await this.store.transaction((tx) => tx.people.touch({ aadObjectId, teamsUserId: sender.teamsUserId, displayName: sender.displayName }));
    }
    return { roles: new Set(holdings.map((h) => h.role)), holdings };
  }

  /** Grants a role force-wide, or for one BCU (`bcu`); a scope the role cannot have is refused before anything is written. */
  async grant(target: { aadObjectId: string; displayName?: string | undefined }, role: Role, actor: string, bcu?: string): Promise<GrantOutcome | { refused: string }> {
    const aadObjectId = target.aadObjectId.toLowerCase();
    const holding = { role, bcu };
    const refused = await this.scopeRefusal(holding);
    if (refused) return { refused };
    return this.store.transaction(async (tx) => {
      if (target.displayName) await tx.people.touch({ aadObjectId, displayName: target.displayName });
      const at = this.clock.now();
      if (!(await tx.people.grant(aadObjectId, holding, actor, at))) return "already-held";
      await tx.events.append({ actor, action: "role.granted", subjectType: "person", subjectId: aadObjectId, details: { role, ...(bcu ? { bcu } : {}) } }, at);
      return "granted";
    });
  }

  /**
   * Several grants as one transaction: all are made or none (a failure rolls back every row and its event). Each new
   * grant is recorded exactly as a single one is; a role already held is reported and leaves the person untouched,
   * name included, so a repeated file writes nothing.
   */
  async grantMany(grants: readonly RoleGrant[], actor: string): Promise<GrantOutcome[] | { refused: string; index: number }> {
    // The force's BCUs read once for the whole file, not once a row.
    const known = grants.some((g) => g.bcu !== undefined) ? await this.store.repos.wards.bcus() : [];
    for (const [index, grant] of grants.entries()) {
      const refused = scopeProblem({ role: grant.role, bcu: grant.bcu }, known);
      if (refused) return { refused, index };
    }
    return this.store.transaction(
      async (tx) => {
        const at = this.clock.now();
        const outcomes: GrantOutcome[] = [];
        for (const { role, bcu, displayName, ...target } of grants) {
          const aadObjectId = target.aadObjectId.toLowerCase();
          if (!(await tx.people.grant(aadObjectId, { role, bcu }, actor, at))) {
            outcomes.push("already-held");
            continue;
          }
          // The file's name stands in until Teams gives theirs; it never overwrites a name Teams gave.
          if (displayName && !(await tx.people.get(aadObjectId))?.displayName) await tx.people.touch({ aadObjectId, displayName });
          await tx.events.append({ actor, action: "role.granted", subjectType: "person", subjectId: aadObjectId, details: { role, ...(bcu ? { bcu } : {}) } }, at);
          outcomes.push("granted");
        }
        return outcomes;
      },
      // A role file is at most a force's staff; each row is a few statements and a chained event.
      { timeoutMs: BULK_TRANSACTION_TIMEOUT_MS },
    );
  }

  async revoke(targetAadObjectId: string, role: Role, actor: string, bcu?: string): Promise<RevokeOutcome> {
    const aadObjectId = targetAadObjectId.toLowerCase();
    if (role === "admin" && this.isBootstrapAdmin(aadObjectId)) return "bootstrap-admin";
    return this.store.transaction(async (tx) => {
      if (!(await tx.people.revoke(aadObjectId, { role, bcu }))) return "not-held";
      await tx.events.append({ actor, action: "role.revoked", subjectType: "person", subjectId: aadObjectId, details: { role, ...(bcu ? { bcu } : {}) } }, this.clock.now());
      return "revoked";
    });
  }

  async list(): Promise<PersonRecord[]> {
    const people = await this.store.repos.people.listWithRoles();
    const known = new Set(people.map((p) => p.aadObjectId));
    for (const id of this.bootstrap) {
      if (!known.has(id)) people.push({ aadObjectId: id, teamsUserId: undefined, displayName: undefined, roles: [], holdings: [] });
    }
    return people.map((p) =>
      this.isBootstrapAdmin(p.aadObjectId) && !p.roles.includes("admin")
        ? { ...p, roles: [...p.roles, "admin" as Role].sort(), holdings: [{ role: "admin" as Role, bcu: undefined }, ...p.holdings] }
        : p,
    );
  }
}
