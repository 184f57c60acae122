export const ROLES = ["admin", "hcop", "inspector", "supervisor", "officer"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Who is acting: the Entra (AAD) object id is the identity; the rest is for display. */
export interface Caller {
  aadObjectId: string | undefined;
  teamsUserId: string;
  displayName: string;
  roles: ReadonlySet<Role>;
}

export function hasAnyRole(caller: Pick<Caller, "roles">, allowed: readonly Role[]): boolean {
  return allowed.some((role) => caller.roles.has(role));
}

export function describeRoles(roles: ReadonlySet<Role>): string {
  return roles.size === 0 ? "no Reassure role" : [...roles].sort().join(", ");
}
