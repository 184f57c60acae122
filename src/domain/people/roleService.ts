import type { Clock } from "../clock.js";
import { BULK_TRANSACTION_TIMEOUT_MS, type PersonRecord, type Store } from "../ports.js";
import type { Role } from "./roles.js";

export type GrantOutcome = "granted" | "already-held";

/** One role for one person, as an administrator's file or command gives it. */
export interface RoleGrant {
  aadObjectId: string;
  role: Role;
  displayName?: string | undefined;
}
export type RevokeOutcome = "revoked" | "not-held" | "bootstrap-admin";

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

  /** The Teams ids of everyone holding one of `roles` and of `people`: who gets their own view of a referral card. */
  teamsIdsOf(roles: readonly Role[], people: readonly string[] = []): Promise<string[]> {
    return this.store.repos.people.teamsIdsOf(roles, people);
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
   * The roles of whoever sent an activity, read once for the activity; for a role holder, their Teams id and name are
   * kept current on the way (so cards can give them their own view). One read; a write only when something changed.
   */
  async identify(sender: { aadObjectId: string | undefined; teamsUserId: string; displayName: string }): Promise<Set<Role>> {
    const aadObjectId = sender.aadObjectId?.toLowerCase();
    if (!aadObjectId) return new Set();
    const known = await this.store.repos.people.get(aadObjectId);
    const roles = new Set(known?.roles);
    if (this.isBootstrapAdmin(aadObjectId)) roles.add("admin");
    const current = known?.teamsUserId === sender.teamsUserId && known.displayName === sender.displayName;
    if (roles.size > 0 && !current) {
      await this.store.transaction((tx) => tx.people.touch({ aadObjectId, teamsUserId: sender.teamsUserId, displayName: sender.displayName }));
    }
    return roles;
  }

  async grant(target: { aadObjectId: string; displayName?: string | undefined }, role: Role, actor: string): Promise<GrantOutcome> {
    const aadObjectId = target.aadObjectId.toLowerCase();
    return this.store.transaction(async (tx) => {
      if (target.displayName) await tx.people.touch({ aadObjectId, displayName: target.displayName });
      const at = this.clock.now();
      if (!(await tx.people.grant(aadObjectId, role, actor, at))) return "already-held";
      await tx.events.append({ actor, action: "role.granted", subjectType: "person", subjectId: aadObjectId, details: { role } }, at);
      return "granted";
    });
  }

  /**
   * Several grants as one transaction: all are made or none (a failure rolls back every row and its event). Each new
   * grant is recorded exactly as a single one is; a role already held is reported and leaves the person untouched,
   * name included, so a repeated file writes nothing.
   */
  async grantMany(grants: readonly RoleGrant[], actor: string): Promise<GrantOutcome[]> {
    return this.store.transaction(
      async (tx) => {
        const at = this.clock.now();
        const outcomes: GrantOutcome[] = [];
        for (const { role, displayName, ...target } of grants) {
          const aadObjectId = target.aadObjectId.toLowerCase();
          if (!(await tx.people.grant(aadObjectId, role, actor, at))) {
            outcomes.push("already-held");
            continue;
          }
          // The file's name stands in until Teams gives theirs; it never overwrites a name Teams gave.
          if (displayName && !(await tx.people.get(aadObjectId))?.displayName) await tx.people.touch({ aadObjectId, displayName });
          await tx.events.append({ actor, action: "role.granted", subjectType: "person", subjectId: aadObjectId, details: { role } }, at);
          outcomes.push("granted");
        }
        return outcomes;
      },
      // A role file is at most a force's staff; each row is a few statements and a chained event.
      { timeoutMs: BULK_TRANSACTION_TIMEOUT_MS },
    );
  }

  async revoke(targetAadObjectId: string, role: Role, actor: string): Promise<RevokeOutcome> {
    const aadObjectId = targetAadObjectId.toLowerCase();
    if (role === "admin" && this.isBootstrapAdmin(aadObjectId)) return "bootstrap-admin";
    return this.store.transaction(async (tx) => {
      if (!(await tx.people.revoke(aadObjectId, role))) return "not-held";
      await tx.events.append({ actor, action: "role.revoked", subjectType: "person", subjectId: aadObjectId, details: { role } }, this.clock.now());
      return "revoked";
    });
  }

  async list(): Promise<PersonRecord[]> {
    const people = await this.store.repos.people.listWithRoles();
    const known = new Set(people.map((p) => p.aadObjectId));
    for (const id of this.bootstrap) {
      if (!known.has(id)) people.push({ aadObjectId: id, teamsUserId: undefined, displayName: undefined, roles: [] });
    }
    return people.map((p) => ({ ...p, roles: this.isBootstrapAdmin(p.aadObjectId) && !p.roles.includes("admin") ? [...p.roles, "admin" as Role].sort() : p.roles }));
  }
}
