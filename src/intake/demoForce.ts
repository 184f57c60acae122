import type { DemoWard, Rng } from "./demoWards.js";

/**
 * A whole force for demos and scale tests: London's twelve basic command units and their 32 boroughs (public
 * knowledge), each borough with 16 to 23 invented wards — about 630 in all, as in London. Names and codes are invented.
 */
export const FORCE_BCUS: readonly { name: string; boroughs: readonly string[] }[] = [
  { name: "Central East", boroughs: ["Hackney", "Tower Hamlets"] },
  { name: "Central North", boroughs: ["Camden", "Islington"] },
  { name: "Central South", boroughs: ["Lambeth", "Southwark"] },
  { name: "Central West", boroughs: ["Hammersmith and Fulham", "Kensington and Chelsea", "Westminster"] },
  { name: "East Area", boroughs: ["Barking and Dagenham", "Havering", "Redbridge"] },
  { name: "North Area", boroughs: ["Enfield", "Haringey"] },
  { name: "North East", boroughs: ["Newham", "Waltham Forest"] },
  { name: "North West", boroughs: ["Barnet", "Brent", "Harrow"] },
  { name: "South Area", boroughs: ["Bromley", "Croydon", "Sutton"] },
  { name: "South East", boroughs: ["Bexley", "Greenwich", "Lewisham"] },
  { name: "South West", boroughs: ["Kingston", "Merton", "Richmond", "Wandsworth"] },
  { name: "West Area", boroughs: ["Ealing", "Hillingdon", "Hounslow"] },
];

const PLACE = [
  "Abbey", "Alder", "Ash", "Barnes", "Beech", "Bell", "Bramble", "Brook", "Burnt", "Castle", "Cedar", "Chalk", "Church",
  "Cole", "Copse", "Crane", "Dene", "Elm", "Fern", "Fox", "Grange", "Hazel", "Heron", "Holly", "Kestrel", "Lark",
  "Linden", "Manor", "Marsh", "Mill", "Oak", "Orchard", "Pike", "Priory", "Quarry", "Rook", "Rush", "Sandy", "Spring",
  "Thorn", "Tower", "Wey", "Willow", "Wren", "Yew",
];
const FEATURE = ["Bridge", "Common", "Cross", "Fields", "Gate", "Green", "Heath", "Hill", "Lane", "Meadow", "Park", "Rise", "Vale", "Wharf", "Wood"];

/** Every ward of the force, in BCU and borough order; codes `E05` and six digits, numbered in that order. */
export function demoForceWards(rng: Rng): (DemoWard & { bcu: string })[] {
  const names = PLACE.flatMap((a) => FEATURE.map((b) => `${a} ${b}`));
  for (let i = names.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [names[i], names[j]] = [names[j]!, names[i]!];
  }
  const wards: (DemoWard & { bcu: string })[] = [];
  for (const bcu of FORCE_BCUS) {
    for (const borough of bcu.boroughs) {
      const count = 16 + Math.floor(rng() * 8);
      for (let i = 0; i < count; i++) {
        wards.push({ code: `E05${String(100_001 + wards.length)}`, name: names[wards.length]!, borough, mode: "trial", bcu: bcu.name });
      }
    }
  }
  return wards;
}
