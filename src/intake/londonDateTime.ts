import { DateTime } from "luxon";

export const UK_ZONE = "Europe/London";

export type DateTimeParse =
  | { ok: true; date: Date; hasTime: boolean }
  | { ok: false; reason: "unreadable" | "impossible" | "dst-gap" };

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** dd/mm/yyyy, optionally HH:mm or HH:mm:ss; one-digit day, month and hour are tolerated. */
const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** An explicit offset pins the instant, so there is no local wall-clock time to check against DST. */
const ISO_OFFSET = /T[\d:.,]*(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * Reads a CMS date: UK `dd/mm/yyyy HH:mm` (optionally `:ss`, or no time) or ISO 8601. Times without an
 * offset are UK local time. Impossible calendar dates (31/02) are rejected, and so are local times
 * that never happened because the clocks went forward: luxon would silently move them an hour on,
 * putting a false report time on the case. A time that happened twice (autumn) is accepted as luxon
 * resolves it (the later, GMT, occurrence).
 */
export function parseLondonDateTime(text: string): DateTimeParse {
  const value = text.trim();
  const uk = UK_DATE.exec(value);
  if (uk !== null) {
    const [day = 0, month = 0, year = 0, hour = 0, minute = 0, second = 0] = uk.slice(1).map((n) => Number(n ?? 0));
    return inLondon({ year, month, day, hour, minute, second, millisecond: 0 }, uk[4] !== undefined);
  }
  if (value.includes("/")) return { ok: false, reason: "unreadable" };

  const hasTime = /t/i.test(value);
  // Read in UTC, which has no DST, an ISO text without offset gives back its fields exactly as written.
  const parsed = DateTime.fromISO(value, { zone: "UTC" });
  if (!parsed.isValid) return failure(parsed.invalidReason);
  if (hasTime && ISO_OFFSET.test(value)) return { ok: true, date: parsed.toJSDate(), hasTime };
  return inLondon(parsed.toObject() as WallClock, hasTime);
}

function inLondon(written: WallClock, hasTime: boolean): DateTimeParse {
  const london = DateTime.fromObject(written, { zone: UK_ZONE });
  if (!london.isValid) return failure(london.invalidReason);
  if (london.day !== written.day || london.hour !== written.hour || london.minute !== written.minute) {
    return { ok: false, reason: "dst-gap" };
  }
  return { ok: true, date: london.toJSDate(), hasTime };
}

function failure(invalidReason: string | null): DateTimeParse {
  return { ok: false, reason: invalidReason === "unit out of range" ? "impossible" : "unreadable" };
}
