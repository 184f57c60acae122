import { DateTime } from "luxon";
import type { IANAZone } from "luxon";
import type { ClockTime } from "./clockTime.js";
import { millisIntoDay, parseClockTime } from "./clockTime.js";
import { instantForConfiguredTime, localMillisOf } from "./localTime.js";

/** When nags must not be sent. A nightly window may wrap midnight (from > to); from === to means none. */
export interface QuietHours {
  readonly from: string;
  readonly to: string;
  /** Saturdays and Sundays are quiet all day. */
  readonly weekends: boolean;
  /** Bank holidays and the calendar's extra closures are quiet all day. */
  readonly bankHolidays: boolean;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { from: "20:00", to: "08:00", weekends: true, bankHolidays: true };

export interface QuietContext {
  readonly zone: IANAZone;
  readonly isClosedDate: (instant: number) => boolean;
}

const SATURDAY = 6;
/** Each step leaves a whole quiet day or a nightly window; this many means nothing is ever allowed. */
const MAX_STEPS = 1_000;

interface Resolved {
  readonly weekends: boolean;
  readonly bankHolidays: boolean;
  readonly fromMs: number;
  readonly toMs: number;
  readonly to: ClockTime;
}

function resolve(quiet: Partial<QuietHours> | undefined): Resolved {
  const q = { ...DEFAULT_QUIET_HOURS, ...quiet };
  const from = parseClockTime(q.from, "quiet.from");
  const to = parseClockTime(q.to, "quiet.to");
  return { weekends: q.weekends, bankHolidays: q.bankHolidays, fromMs: millisIntoDay(from), toMs: millisIntoDay(to), to };
}

function isQuietDay(t: number, local: DateTime, q: Resolved, ctx: QuietContext): boolean {
  return (q.weekends && local.weekday >= SATURDAY) || (q.bankHolidays && ctx.isClosedDate(t));
}

/** Wall-clock position in the day, not time elapsed since midnight, so DST days read like any other. */
function wallMsOf(local: DateTime): number {
  return ((local.hour * 60 + local.minute) * 60 + local.second) * 1000 + local.millisecond;
}

function inNightlyWindow(local: DateTime, q: Resolved): boolean {
  const wallMs = wallMsOf(local);
  if (q.fromMs === q.toMs) return false;
  return q.fromMs < q.toMs ? wallMs >= q.fromMs && wallMs < q.toMs : wallMs >= q.fromMs || wallMs < q.toMs;
}

export function isQuietAt(t: number, quiet: Partial<QuietHours> | undefined, ctx: QuietContext): boolean {
  const q = resolve(quiet);
  const local = DateTime.fromMillis(t, { zone: ctx.zone });
  return isQuietDay(t, local, q, ctx) || inNightlyWindow(local, q);
}

export function nextNonQuietAt(start: number, quiet: Partial<QuietHours> | undefined, ctx: QuietContext): number {
  const q = resolve(quiet);
  let t = start;
  for (let step = 0; step < MAX_STEPS; step += 1) {
    const local = DateTime.fromMillis(t, { zone: ctx.zone });
    let next: number;
    if (isQuietDay(t, local, q, ctx)) {
      next = local.startOf("day").plus({ days: 1 }).toMillis();
    } else if (inNightlyWindow(local, q)) {
      const endsTomorrow = q.fromMs > q.toMs && wallMsOf(local) >= q.fromMs;
      const day = endsTomorrow ? local.plus({ days: 1 }) : local;
      next = instantForConfiguredTime(localMillisOf({ year: day.year, month: day.month, day: day.day, ...q.to }), ctx.zone);
    } else {
      return t;
    }
    // A window end that a DST shift places at or before t must not stall the search.
    t = next > t ? next : t + 60_000;
  }
  throw new Error(`No non-quiet time within ${MAX_STEPS} steps of ${new Date(start).toISOString()}`);
}
