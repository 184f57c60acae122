import type { DemoWard } from "../intake/demoWards.js";
import type { SimChannel, SimTeam, SimUser } from "./teamsActivities.js";

/** About three neighbourhood officers and PCSOs a ward, as in the pilot (239 for 79 wards). */
export const OFFICERS_PER_WARD = 3;

export interface SimWard extends DemoWard {
  team: SimTeam;
  channel: SimChannel;
  officers: SimUser[];
}

export interface SimulatedForce {
  admin: SimUser;
  hcop: SimUser;
  teams: SimTeam[];
  wards: SimWard[];
}

function person(n: number, name: string): SimUser {
  return { id: `29:sim-user-${n}`, name, aadObjectId: `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}` };
}

/**
 * The people and Teams layout of the simulated BCU: one team per borough, a standard channel per ward, an admin, an
 * HCOP, and each ward's officers. Invented names and ids only.
 */
export function simulatedForce(wards: readonly DemoWard[]): SimulatedForce {
  const boroughs = [...new Set(wards.map((w) => w.borough))];
  const teams = new Map(boroughs.map((b) => [b, { id: `19:sim-team-${b.toLowerCase()}@thread.tacv2`, name: `${b} neighbourhoods` }]));
  let next = 1;
  const admin = person(next++, "Sim Admin");
  const hcop = person(next++, "Sim HCOP");
  return {
    admin,
    hcop,
    teams: [...teams.values()],
    wards: wards.map((w) => ({
      ...w,
      team: teams.get(w.borough)!,
      channel: { id: `19:sim-ward-${w.code}@thread.tacv2`, name: `${w.name} SNT` },
      officers: Array.from({ length: OFFICERS_PER_WARD }, (_, i) => person(next++, `${w.name} officer ${i + 1}`)),
    })),
  };
}
