import { readFileSync } from "node:fs";
import type { SpendingFunction } from "../../../../src/stats/index.js";

/** Shape of ../reference/sequential.json, written by ../reference/make-sequential.R (R's length-one vectors unboxed). */
type Vector<T> = T | T[];

interface RawDesign {
  name: string;
  source: "rpact" | "fine-grid";
  alpha: number;
  spending: SpendingFunction;
  gamma: number | null;
  fractions: Vector<number>;
  final: boolean;
  critical: Vector<number>;
  stageLevel: Vector<number>;
  cumulativeAlphaSpent: Vector<number>;
  mvtnormRelativeCheck: Vector<number | null>;
}

interface RawMonitoring {
  name: string;
  design: string;
  srcEvents: number[];
  srcCases: number[];
  bauEvents: number[];
  bauCases: number[];
  z: number[];
  riskDifference: number[];
  repeatedCiLower: number[];
  repeatedCiUpper: number[];
  crossed: boolean[];
  adjustedP: (number | null)[];
  fixedSampleTwoSidedP: number[];
}

interface RawReference {
  rVersion: string;
  rpactVersion: string;
  mvtnormVersion: string;
  fineGridAgreesWithRpactTo: number;
  designs: RawDesign[];
  rpactWhereInaccurate: { name: string; critical: Vector<number> }[];
  monitoring: RawMonitoring[];
}

export interface ReferenceDesign extends Omit<RawDesign, "fractions" | "critical" | "stageLevel" | "cumulativeAlphaSpent" | "mvtnormRelativeCheck"> {
  fractions: number[];
  critical: number[];
  stageLevel: number[];
  cumulativeAlphaSpent: number[];
  mvtnormRelativeCheck: (number | null)[];
}

const vector = <T>(v: Vector<T>): T[] => (Array.isArray(v) ? v : [v]);

const raw = JSON.parse(readFileSync(new URL("../reference/sequential.json", import.meta.url), "utf8")) as RawReference;

export const reference = {
  ...raw,
  designs: raw.designs.map(
    (d): ReferenceDesign => ({
      ...d,
      fractions: vector(d.fractions),
      critical: vector(d.critical),
      stageLevel: vector(d.stageLevel),
      cumulativeAlphaSpent: vector(d.cumulativeAlphaSpent),
      mvtnormRelativeCheck: vector(d.mvtnormRelativeCheck),
    }),
  ),
  rpactWhereInaccurate: raw.rpactWhereInaccurate.map((d) => ({ ...d, critical: vector(d.critical) })),
};

export function referenceDesign(name: string): ReferenceDesign {
  const found = reference.designs.find((d) => d.name === name);
  if (found === undefined) throw new Error(`no reference design named ${name}`);
  return found;
}

export function designInput(d: ReferenceDesign) {
  return { alpha: d.alpha, spending: d.spending, gamma: d.gamma ?? undefined, fractions: d.fractions, final: d.final };
}

/** Largest |a − b| over two equal-length lists. */
export function maxAbsDifference(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return Infinity;
  return Math.max(0, ...a.map((x, i) => Math.abs(x - (b[i] ?? NaN))));
}
