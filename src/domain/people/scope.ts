import type { Caller, Role, RoleHolding } from "./roles.js";

/** Where this caller holds any of `roles`: "force" if one is held force-wide, else the BCUs (empty: nowhere). */
export function unitsWhere(caller: Pick<Caller, "roles" | "holdings">, roles: readonly Role[]): "force" | ReadonlySet<string> {
  const held = roles.filter((role) => caller.roles.has(role));
  // A caller built without holdings (the command line, tests) holds each of its roles force-wide.
  if (!caller.holdings) return held.length > 0 ? "force" : new Set();
  const holdings = caller.holdings.filter((h) => held.includes(h.role));
  if (holdings.some((h) => h.bcu === undefined)) return "force";
  return new Set(holdings.map((h) => h.bcu!));
}

/** Whether the caller holds one of `roles` force-wide or for this BCU. */
export function holdsIn(caller: Pick<Caller, "roles" | "holdings">, roles: readonly Role[], bcu: string): boolean {
  const units = unitsWhere(caller, roles);
  return units === "force" || units.has(bcu);
}

export function describeUnits(units: "force" | ReadonlySet<string>): string {
  return units === "force" ? "force-wide" : units.size === 0 ? "no BCU" : [...units].sort().join(", ");
}

/** The specific refusal for acting outside one's BCUs: names where the caller may act, and where the subject is. */
export function outsideUnitsRefusal(caller: Pick<Caller, "roles" | "holdings">, roles: readonly Role[], subject: string, bcu: string): string | undefined {
  if (holdsIn(caller, roles, bcu)) return undefined;
  return `${subject} is in ${bcu}; your ${roles.filter((r) => caller.roles.has(r)).join(" and ") || "role"} role is for ${describeUnits(unitsWhere(caller, roles))}. Nothing was changed.`;
}

export function describeHolding(h: RoleHolding): string {
  return h.bcu === undefined ? h.role : `${h.role} (${h.bcu})`;
}
