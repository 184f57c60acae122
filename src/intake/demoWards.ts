/** A seeded uniform [0, 1) source (seedrandom). */
export type Rng = () => number;

export interface DemoWard {
  code: string;
  name: string;
  borough: string;
  mode: "trial" | "rollout";
  /** Default: DEMO_BCU. */
  bcu?: string;
}

export const DEMO_BOROUGHS = ["Kingston", "Merton", "Richmond", "Wandsworth"] as const;

const FIRST = [
  "Alder", "Ash", "Barnes", "Beech", "Bramble", "Brook", "Burnt", "Cedar", "Chalk", "Cole", "Copse", "Crane",
  "Dene", "Elm", "Fern", "Fox", "Hazel", "Heron", "Holly", "Kestrel", "Lark", "Linden", "Marsh", "Mill",
  "Oak", "Orchard", "Pike", "Quarry", "Rook", "Rush", "Sandy", "Thorn", "Wey", "Willow", "Wren", "Yew",
];
const SECOND = [
  "Bridge", "Common", "Cross", "Fields", "Gate", "Green", "Heath", "Hill", "Lane", "Meadow", "Park", "Rise",
  "Vale", "Wharf", "Wood",
];

export const MAX_DEMO_WARDS = FIRST.length * SECOND.length;

/**
 * Invented wards: unique two-word names, `E05000nnn` codes (a seeded sample, numbered in borough order
 * as real GSS codes are) and boroughs in equal contiguous blocks.
 */
export function demoWards(rng: Rng, count: number): DemoWard[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_DEMO_WARDS) {
    throw new RangeError(`wards must be an integer from 1 to ${MAX_DEMO_WARDS}`);
  }
  const names = shuffle(rng, FIRST.flatMap((a) => SECOND.map((b) => `${a} ${b}`))).slice(0, count);
  const numbers = shuffle(rng, Array.from({ length: 900 }, (_, i) => 100 + i))
    .slice(0, count)
    .sort((a, b) => a - b);
  return names.map((name, i) => ({
    code: `E05000${numbers[i] ?? 0}`,
    name,
    borough: DEMO_BOROUGHS[Math.floor((i * DEMO_BOROUGHS.length) / count)] ?? "Kingston",
    mode: "trial",
  }));
}

/** The demo boroughs' BCU (the pilot BCU: Kingston, Merton, Richmond and Wandsworth). */
export const DEMO_BCU = "South West";

export function wardsCsv(wards: readonly DemoWard[]): string {
  return ["code,name,borough,mode,bcu", ...wards.map((w) => `${w.code},${w.name},${w.borough},${w.mode},${w.bcu ?? DEMO_BCU}`)].join("\n") + "\n";
}

export function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
