import { DateTime } from "luxon";

/** When a job is due: the most recent due time at or before `now` (its "slot"). */
export interface Schedule {
  describe: string;
  latestSlot(now: Date): Date;
}

/** Every `minutes`, aligned to the epoch (e.g. every 15 minutes: :00, :15, :30, :45). */
export function every(minutes: number): Schedule {
  const ms = minutes * 60_000;
  return { describe: `every ${minutes} min`, latestSlot: (now) => new Date(Math.floor(now.getTime() / ms) * ms) };
}

function clock(time: string): { hour: number; minute: number } {
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  return { hour, minute };
}

/** Daily at a local time ("07:30") in `zone`, correct across clock changes. */
export function dailyAt(time: string, zone: string): Schedule {
  const { hour, minute } = clock(time);
  return {
    describe: `daily at ${time} ${zone}`,
    latestSlot(now) {
      const local = DateTime.fromJSDate(now, { zone });
      let slot = local.set({ hour, minute, second: 0, millisecond: 0 });
      if (slot > local) slot = slot.minus({ days: 1 }).set({ hour, minute });
      return slot.toJSDate();
    },
  };
}

/** Weekly on an ISO weekday (1 = Monday) at a local time. */
export function weeklyAt(weekday: number, time: string, zone: string): Schedule {
  const { hour, minute } = clock(time);
  return {
    describe: `weekly on day ${weekday} at ${time} ${zone}`,
    latestSlot(now) {
      const local = DateTime.fromJSDate(now, { zone });
      let slot = local.set({ weekday: weekday as 1, hour, minute, second: 0, millisecond: 0 });
      if (slot > local) slot = slot.minus({ weeks: 1 }).set({ hour, minute });
      return slot.toJSDate();
    },
  };
}
