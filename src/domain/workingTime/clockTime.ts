/** A local wall-clock time of day, as configured ("08:00"). */
export interface ClockTime {
  readonly hour: number;
  readonly minute: number;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function parseClockTime(text: string, label: string): ClockTime {
  const match = HH_MM.exec(text);
  if (!match) throw new RangeError(`${label} must be a 24-hour "HH:mm" time; got "${text}"`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

export function millisIntoDay(time: ClockTime): number {
  return (time.hour * 60 + time.minute) * 60_000;
}
