export const ROLES = ["admin", "hcop", "inspector", "supervisor", "officer"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * Where a role is held: force-wide, or for one basic command unit. An HCOP or inspector may hold their role for one
 * BCU (`/role grant … hcop bcu <name>`); every other role, and any role granted without a BCU, is force-wide.
 */
export interface RoleHolding {
  role: Role;
  /** Undefined: force-wide. */
  bcu: string | undefined;
}

/** The roles that may be held for one BCU; the others are force-wide by nature (admins) or scoped by ward (supervisors). */
export const SCOPED_ROLES: readonly Role[] = ["hcop", "inspector"];

/** Who is acting: the Entra (AAD) object id is the identity; the rest is for display. */
export interface Caller {
  aadObjectId: string | undefined;
  teamsUserId: string;
  displayName: string;
  roles: ReadonlySet<Role>;
  /** Where each role is held (scope.ts); absent: every role force-wide. */
  holdings?: readonly RoleHolding[];
}

/** A caller Teams has identified: every command and card action runs as one (register.ts refuses the others). */
export type IdentifiedCaller = Caller & { aadObjectId: string };

export function isIdentified(caller: Caller): caller is IdentifiedCaller {
  return caller.aadObjectId !== undefined;
}

export function hasAnyRole(caller: Pick<Caller, "roles">, allowed: readonly Role[]): boolean {
  return allowed.some((role) => caller.roles.has(role));
}

export function describeRoles(roles: ReadonlySet<Role>): string {
  return roles.size === 0 ? "no Reassure role" : [...roles].sort().join(", ");
}
