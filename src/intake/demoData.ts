import type { Writable } from "node:stream";
import { once } from "node:events";
import { DateTime } from "luxon";
import seedrandom from "seedrandom";
import { LONDON } from "../domain/workingTime/index.js";
import type { DemoWard, Rng } from "./demoWards.js";
import { demoWards, wardsCsv } from "./demoWards.js";
import { demoForceWards } from "./demoForce.js";

export interface DemoDataOptions {
  seed: string | number;
  /** Default 79, the pilot BCU's ward count. */
  wards?: number;
  /** Default 120 days (the pilot ran about four months). */
  days?: number;
  /** First day (UK calendar date of this instant). Default 3 October 2022, the pilot's start. */
  start?: Date;
  /** Mean flagged hate crimes per day (Poisson). Default 2, the pilot BCU's rate. */
  casesPerDay?: number;
  /** Add three malformed rows: an impossible date, an unknown ward, a malformed crime reference. */
  withErrors?: boolean;
  /** A whole force (demoForce.ts: 12 BCUs, about 630 wards) instead of `wards` wards of the pilot BCU. */
  force?: boolean;
}

const DEFAULT_START = new Date("2022-10-03T00:00:00Z");
export const DEMO_CASES_HEADER = "crime_ref,reported_at,ward_code,record_type,offence,strands";

/** Public order dominates flagged hate crime (about half), then violence and harassment. */
const OFFENCE_WEIGHTS: Readonly<Record<string, number>> = {
  "public order": 50,
  "violence without injury": 15,
  harassment: 10,
  "violence with injury": 7,
  "malicious communications": 6,
  "criminal damage": 6,
  stalking: 2,
  theft: 1,
  robbery: 1,
  other: 1,
  "sexual offence": 0.5,
  arson: 0.5,
};

/** Race about three quarters, as in London's recorded hate crime. */
const STRAND_WEIGHTS: Readonly<Record<string, number>> = {
  race: 74,
  "sexual orientation": 11,
  religion: 8,
  disability: 5,
  "transgender identity": 2,
};
const SECOND_STRAND_RATE = 0.05;
const INCIDENT_RATE = 0.05;

/** Reports cluster in the day and evening. */
const HOUR_WEIGHTS = [2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 6, 6, 6, 7, 7, 7, 7, 6, 5, 4, 3, 2];

/**
 * Deterministic demo data: the same options always give the same two CSV files. Invented wards and
 * cases only: no names, addresses or any other victim data.
 */
export function generateDemoData(options: DemoDataOptions): { wardsCsv: string; casesCsv: string } {
  const rng = seedrandom(`${options.seed}:wards`);
  const wards = options.force === true ? demoForceWards(rng) : demoWards(rng, options.wards ?? 79);
  const maker = createCaseMaker(seedrandom(`${options.seed}:cases`), wards, options.casesPerDay ?? 2);
  const start = options.start ?? DEFAULT_START;
  const lines = [...caseLines(maker, start, { days: options.days ?? 120 })];
  if (options.withErrors === true) {
    const year = DateTime.fromJSDate(start, { zone: LONDON }).year;
    insertErrorRows(lines, maker, seedrandom(`${options.seed}:errors`), wards, year);
  }
  return { wardsCsv: wardsCsv(wards), casesCsv: [DEMO_CASES_HEADER, ...lines].join("\n") + "\n" };
}

export interface DemoStreamOptions {
  seed: string | number;
  rows: number;
  /** Default 79 demo wards from the same seed (as generateDemoData). */
  wards?: readonly DemoWard[];
  start?: Date;
  /** Default 61, the force-wide rate (22,421 a year), so large files span a few years, not centuries. */
  casesPerDay?: number;
}

/** Header then `rows` case lines, produced lazily, for benchmark-sized files. */
export function* demoCaseLines(options: DemoStreamOptions): Generator<string> {
  const wards = options.wards ?? demoWards(seedrandom(`${options.seed}:wards`), 79);
  const maker = createCaseMaker(seedrandom(`${options.seed}:cases`), wards, options.casesPerDay ?? 61);
  yield DEMO_CASES_HEADER;
  yield* caseLines(maker, options.start ?? DEFAULT_START, { rows: options.rows });
}

/** Writes a demo cases CSV to a stream, honouring backpressure; does not end the stream. */
export async function writeDemoCases(stream: Writable, options: DemoStreamOptions): Promise<void> {
  for (const line of demoCaseLines(options)) {
    if (!stream.write(`${line}\n`)) await once(stream, "drain");
  }
}

interface CaseMaker {
  rng: Rng;
  casesPerDay: number;
  nextRef(year: number): string;
  caseLine(reportedAt: DateTime): string;
}

// Seven-digit references from a seeded start, rising by 1–20: room for well over 300,000 rows.
const MAX_REF = 9_999_999;

function createCaseMaker(rng: Rng, wards: readonly DemoWard[], casesPerDay: number): CaseMaker {
  if (!(casesPerDay > 0 && casesPerDay <= 500)) throw new RangeError("casesPerDay must be in (0, 500]");
  const wardPick = weightedPicker(rng, Object.fromEntries(wards.map((w) => [w.code, 0.25 + 1.5 * rng()])));
  const offencePick = weightedPicker(rng, OFFENCE_WEIGHTS);
  const strandPick = weightedPicker(rng, STRAND_WEIGHTS);
  let counter = 1_000_000 + Math.floor(rng() * 2_000_000);

  const nextRef = (year: number): string => {
    counter += 1 + Math.floor(rng() * 20);
    if (counter > MAX_REF) throw new RangeError("too many demo rows for seven-digit crime references");
    return `${counter}/${String(year % 100).padStart(2, "0")}`;
  };
  const strands = (): string => {
    const first = strandPick();
    if (rng() >= SECOND_STRAND_RATE) return first;
    const second = strandPick();
    return second === first ? first : `${first};${second}`;
  };

  return {
    rng,
    casesPerDay,
    nextRef,
    caseLine(reportedAt) {
      const ref = nextRef(reportedAt.year);
      const ward = wardPick();
      const incident = rng() < INCIDENT_RATE;
      // Drawn for incidents too, so the rows after an incident do not depend on the incident rate.
      const offence = offencePick();
      const strandText = strands();
      return [ref, ukText(reportedAt), ward, incident ? "incident" : "crime", incident ? "" : offence, strandText].join(",");
    },
  };
}

function* caseLines(maker: CaseMaker, start: Date, stop: { days?: number; rows?: number }): Generator<string> {
  const firstDay = DateTime.fromJSDate(start, { zone: LONDON }).startOf("day");
  let rows = 0;
  for (let d = 0; stop.days === undefined || d < stop.days; d++) {
    const day = firstDay.plus({ days: d });
    const times = Array.from({ length: poisson(maker.rng, maker.casesPerDay) }, () => reportTime(maker.rng, day)).sort(
      (a, b) => a.toMillis() - b.toMillis(),
    );
    for (const time of times) {
      if (stop.rows !== undefined && rows >= stop.rows) return;
      rows += 1;
      yield maker.caseLine(time);
    }
  }
}

/** A time on `day`; luxon moves a time in the spring-forward gap to one that exists. */
function reportTime(rng: Rng, day: DateTime): DateTime {
  const hour = pickIndex(rng, HOUR_WEIGHTS);
  return day.set({ hour, minute: Math.floor(rng() * 60) });
}

function insertErrorRows(lines: string[], maker: CaseMaker, rng: Rng, wards: readonly DemoWard[], year: number): void {
  const known = new Set(wards.map((w) => w.code));
  const ward = wards[Math.floor(rng() * wards.length)]?.code ?? "E05000100";
  const unknownWard = nearMiss(ward, known);
  const errors = [
    `${maker.nextRef(year)},31/02/${year} 10:00,${ward},crime,public order,race`,
    `${maker.nextRef(year)},01/03/${year} 11:15,${unknownWard},crime,harassment,religion`,
    `12345/${String(year % 100).padStart(2, "0")},02/03/${year} 12:30,${ward},crime,public order,race`,
  ];
  for (const error of errors) lines.splice(Math.floor(rng() * (lines.length + 1)), 0, error);
}

/** One digit off a known code, so the intake can suggest the real one. */
function nearMiss(code: string, known: ReadonlySet<string>): string {
  for (let position = code.length - 1; position >= 0; position--) {
    for (const digit of "0123456789") {
      const candidate = `${code.slice(0, position)}${digit}${code.slice(position + 1)}`;
      if (!known.has(candidate)) return candidate;
    }
  }
  throw new Error(`every code one digit from ${code} is a known ward`);
}

function ukText(time: DateTime): string {
  return time.toFormat("dd/MM/yyyy HH:mm");
}

/** Knuth's method; fine for the small means used here (e^-λ stays representable below ~700). */
function poisson(rng: Rng, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rng(); p > limit; p *= rng()) k += 1;
  return k;
}

function weightedPicker(rng: Rng, weights: Readonly<Record<string, number>>): () => string {
  const keys = Object.keys(weights);
  const values = keys.map((k) => weights[k] ?? 0);
  return () => keys[pickIndex(rng, values)] ?? "";
}

function pickIndex(rng: Rng, weights: readonly number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let target = rng() * total;
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i] ?? 0;
    if (target < 0) return i;
  }
  return weights.length - 1;
}
