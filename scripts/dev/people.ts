import type { Role } from "../../src/domain/people/roles.js";

/**
 * Reassure roles of the people in `.m365agentsplayground.yml`, by their Teams user id there. The HCOP is also an admin,
 * so she can bind wards and grant roles from the page. Nia has no role on purpose: she shows what someone without one
 * sees. Keep in step with the YAML file (dev.ts says if they drift).
 */
export const PLAYGROUND_ROLES: Readonly<Record<string, readonly Role[]>> = {
  "29:hana-hussain": ["hcop", "admin"],
  "29:ian-irving": ["inspector"],
  "29:sam-sutton": ["supervisor"],
  "29:olu-okafor": ["officer"],
  "29:pat-price": ["officer"],
  "29:nia-noble": [],
};

