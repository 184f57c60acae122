const DELAY_SECONDS = /^\d+(\.\d+)?$/;
// All three HTTP-date forms (IMF-fixdate, RFC 850, asctime) open with a day name; requiring it stops
// Date.parse from reading garbage such as "-1" as a year.
const HTTP_DATE = /^[A-Za-z]{3}/;
/** asctime carries no zone but means GMT; Date.parse would read it as local time. */
const ASCTIME = /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

/**
 * Milliseconds to wait from `nowMs` for a Retry-After value (delay-seconds or HTTP-date, RFC 9110 §10.2.3);
 * undefined when the value is missing or unreadable, so the caller falls back to its own backoff.
 */
export function parseRetryAfter(value: string | number | undefined, nowMs: number): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  if (value === undefined) return undefined;
  const text = value.trim();
  if (DELAY_SECONDS.test(text)) return Number(text) * 1000;
  if (!HTTP_DATE.test(text)) return undefined;
  const at = Date.parse(ASCTIME.test(text) ? `${text} GMT` : text);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}
