import { DAY_MS, zoneNamed } from "./localTime.js";

/** Far enough either side of any date a case or a working day can carry. */
const FIRST_YEAR = 1970;
const LAST_YEAR = 2100;
const WEEK_MS = 7 * DAY_MS;

const offsetsByZone = new Map<string, (instant: number) => number>();
const dayStartsByZone = new Map<string, readonly number[]>();

/**
 * The zone's UTC offset in minutes at an instant, remembered per UTC day: luxon works an offset out with
 * Intl.DateTimeFormat#formatToParts, which dominated reports that place thousands of instants in local time. A day
 * whose offset is the same at both ends has it throughout (real transitions are months apart); a day with a
 * transition is looked up instant by instant.
 */
export function zoneOffsets(zoneName: string): (instant: number) => number {
  let offsetAt = offsetsByZone.get(zoneName);
  if (offsetAt === undefined) {
    const zone = zoneNamed(zoneName);
    const byDay = new Map<number, number>();
    offsetAt = (instant) => {
      const day = Math.floor(instant / DAY_MS);
      let offset = byDay.get(day);
      if (offset === undefined) {
        const start = zone.offset(day * DAY_MS);
        offset = start === zone.offset((day + 1) * DAY_MS - 1) ? start : Number.NaN;
        byDay.set(day, offset);
      }
      return Number.isNaN(offset) ? zone.offset(instant) : offset;
    };
    offsetsByZone.set(zoneName, offsetAt);
  }
  return offsetAt;
}

/**
 * The minutes into a UTC day at which a local day of the zone can start, ascending, 0 first: −offset modulo a day for
 * every offset the zone has used (sampled weekly from 1970 to 2100). Split at these minutes, no stretch of a UTC day
 * crosses a local midnight, so a database without time zones can group instants by local day (London: 00:00 and
 * 23:00 UTC, for GMT and BST).
 */
export function localDayStartMinutes(zoneName: string): readonly number[] {
  let minutes = dayStartsByZone.get(zoneName);
  if (minutes === undefined) {
    const zone = zoneNamed(zoneName);
    const found = new Set([0]);
    for (let t = Date.UTC(FIRST_YEAR, 0, 1); t < Date.UTC(LAST_YEAR + 1, 0, 1); t += WEEK_MS) found.add((((-zone.offset(t)) % 1440) + 1440) % 1440);
    minutes = [...found].sort((a, b) => a - b);
    dayStartsByZone.set(zoneName, minutes);
  }
  return minutes;
}
