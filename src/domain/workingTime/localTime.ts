import { DateTime, IANAZone } from "luxon";

/**
 * Local times are handled as "local milliseconds": the wall-clock reading
 * written as if it were UTC (01:30 on 31 Mar 2024 → Date.UTC(2024, 2, 31, 1, 30)).
 * Day steps on these numbers are plain arithmetic, untouched by DST.
 */
export const DAY_MS = 86_400_000;

export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second?: number;
  readonly millisecond?: number;
}

/** `IANAZone.create` is cached per name; `isValidZone` would build a new Intl.DateTimeFormat on every call. */
export function zoneNamed(zone: string): IANAZone {
  const named = IANAZone.create(zone);
  if (!named.isValid) throw new RangeError(`Unknown time zone "${zone}"`);
  return named;
}

export function localMillisOf(wall: WallClock): number {
  return DateTime.utc(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second ?? 0, wall.millisecond ?? 0).toMillis();
}

export function localMillisAt(instant: number, zone: IANAZone): number {
  return instant + zone.offset(instant) * 60_000;
}

/**
 * Every instant at which `zone` shows this local time, earliest first: none in
 * a spring-forward gap, two in an autumn overlap, otherwise one. The offsets a
 * day either side cover every real transition (none are closer together).
 */
export function instantsAt(local: number, zone: IANAZone): number[] {
  const before = zone.offset(local - DAY_MS);
  const after = zone.offset(local + DAY_MS);
  // No transition nearby (nearly always): one reading, and offset look-ups are the costly part.
  if (before === after) return [local - before * 60_000];
  const offsets = new Set([before, zone.offset(local), after]);
  const instants = [...offsets].map((offset) => local - offset * 60_000).filter((t) => localMillisAt(t, zone) === local);
  return [...new Set(instants)].sort((a, b) => a - b);
}

/**
 * The instant for a configured local time. Overlaps take the first occurrence;
 * a time skipped by a gap is read with the offset in force before the gap, which
 * lands just after it (01:30 on a spring-forward night in London is 02:30 BST),
 * so opening hours and quiet-hour ends never vanish.
 */
export function instantForConfiguredTime(local: number, zone: IANAZone): number {
  const [first] = instantsAt(local, zone);
  return first ?? local - zone.offset(local - DAY_MS) * 60_000;
}

/** The wall-clock range skipped by the gap containing `local`, as "HH:mm" strings. */
export function gapAround(local: number, zone: IANAZone): { from: string; to: string } {
  const before = zone.offset(local - DAY_MS);
  const after = zone.offset(local + DAY_MS);
  // The transition lies between the two readings of the skipped time; bisect it to the minute.
  let lo = Math.floor((local - after * 60_000) / 60_000);
  let hi = Math.ceil((local - before * 60_000) / 60_000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (zone.offset(mid * 60_000) === after) hi = mid;
    else lo = mid;
  }
  const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);
  return { from: hhmm(hi * 60_000 + before * 60_000), to: hhmm(hi * 60_000 + after * 60_000) };
}
